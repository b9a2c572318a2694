import type { ApiResult, Channel, IntakeBridge, RequestOf, ResponseOf } from '../../machines/contract/api';
import type { Router } from '../../main/api/router';

/**
 * A bridge to the real router (roles, zod) for `token`'s user, with a JSON round trip each way as HTTP would carry
 * it, so a screen under test sees only what the wire can hold. No live updates.
 */
export function jsonBridge(router: Router, token: () => string | null): IntakeBridge {
  return {
    async invoke<C extends Channel>(channel: C, request: RequestOf<C>): Promise<ApiResult<ResponseOf<C>>> {
      const r = await router.dispatch(channel, JSON.parse(JSON.stringify(request ?? {})), token());
      return JSON.parse(JSON.stringify(r)) as ApiResult<ResponseOf<C>>;
    },
    subscribe: () => () => {},
  };
}
