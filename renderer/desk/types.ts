import type { ApiResult, IntakeBridge } from '../../machines/contract/api';
import type { CallCommand } from '../../machines/contract/callTypes';
import type { DeskState } from '../../machines/deskState';

/**
 * Sends one command for the open call. Resolves with the server's answer: on success the desk state has already
 * moved on (state always comes from the server); on refusal nothing changed and the caller shows the error.
 */
export type Send = (command: CallCommand) => Promise<ApiResult<DeskState>>;

/** What every structural step receives. Other areas replace steps (job search, appointments) against this shape. */
export interface StepProps {
  state: DeskState;
  send: Send;
  bridge: IntakeBridge;
}
