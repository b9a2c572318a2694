import { z } from 'zod';
import { CallCommand, IsoDateTime } from '../../machines/contract/callTypes';
import { CallErrorCode } from '../../machines/contract/errors';

/**
 * A scenario is what the desk would send during one call, in order, with a start time and an FCO. Each event is a
 * desk command (see docs/scenarios.md) plus optional `$`-prefixed directions for the player:
 *   $by            who sends it (default: the scenario's fcoId; e.g. a team leader's correction)
 *   $afterSeconds  clock advance before this event (default: secondsPerEvent)
 *   $expectRefused the error code this event must be refused with (to script bad input); the run fails otherwise
 */
export const ScenarioEvent = z.looseObject({
  type: z.string(),
  $by: z.string().min(1).optional(),
  $afterSeconds: z.number().min(0).max(86_400 * 400).optional(),
  $expectRefused: CallErrorCode.optional(),
});

export const Scenario = z.strictObject({
  $schema: z.string().optional(),
  name: z.string().min(1),
  description: z.string().optional(),
  startAt: IsoDateTime,
  fcoId: z.string().min(1),
  callId: z.string().min(1).default('scenario-call'),
  secondsPerEvent: z.number().min(0).default(15),
  events: z.array(ScenarioEvent).min(1),
});
export type Scenario = z.infer<typeof Scenario>;

/** Splits a scenario event into the desk command (validated like any API payload) and the player's directions. */
export function splitEvent(e: z.infer<typeof ScenarioEvent>): { command: unknown; by?: string; afterSeconds?: number; expectRefused?: string } {
  const { $by, $afterSeconds, $expectRefused, ...command } = e;
  return { command, ...($by ? { by: $by } : {}), ...($afterSeconds !== undefined ? { afterSeconds: $afterSeconds } : {}), ...($expectRefused ? { expectRefused: $expectRefused } : {}) };
}

export { CallCommand };
