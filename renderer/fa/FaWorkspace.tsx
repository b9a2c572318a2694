import type { IntakeBridge, SessionUser } from '../../machines/contract/api';

/** The financial assessor workspace (placeholder until that area lands). */
export function FaWorkspace(_props: { bridge: IntakeBridge; user: SessionUser }) {
  return (
    <section aria-labelledby="ws-title">
      <h1 id="ws-title">The financial assessor workspace is not available yet</h1>
    </section>
  );
}
