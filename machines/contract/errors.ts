import { z } from 'zod';

export const CallErrorCode = z.enum([
  'invalid_payload',
  'invalid_answer',
  'unknown_question',
  'out_of_order',
  'call_ended',
  'call_complete',
  'not_allowed_in_phase',
  'marker_mismatch',
  'override_reason_required',
  'office_not_allowed',
  'checklist_changed',
  'policy_forbids',
  'invalid_booking',
  'unknown_call',
  'unknown_channel',
  'unauthorised',
  'forbidden',
  'storage_failed',
]);
export type CallErrorCode = z.infer<typeof CallErrorCode>;

/** An error a person can act on: what went wrong, which field, and (in `message`) what to do next. */
export const CallError = z.object({
  code: CallErrorCode,
  message: z.string(),
  field: z.string().optional(),
  /** A concrete alternative the desk can offer at once (e.g. the next free slot after a double booking). */
  offer: z.unknown().optional(),
});
export type CallError = z.infer<typeof CallError>;

export type Result<T> = { ok: true; value: T } | { ok: false; error: CallError };
export const fail = (code: CallErrorCode, message: string, field?: string): { ok: false; error: CallError } => ({
  ok: false,
  error: field === undefined ? { code, message } : { code, message, field },
});
