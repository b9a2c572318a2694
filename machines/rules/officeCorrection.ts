/**
 * Corrections of a completed claim and the appointments booked on it. No imports: the desk's eager bundle uses this
 * (the claim summary), and the engine with the package schema stays in its own lazily loaded chunk.
 */

/**
 * A correction of the Jobcentre marker moves what is still to come and never rewrites what already happened: an
 * appointment at `officeCode` is released by the first correction to a different office made before it starts. One
 * that had started by then stays where it was (attendance is recorded there). The appointments area applies this
 * rule to the diary in the correction's own transaction; readers of the claim record use it to tell whether the
 * appointment booked on the call still stands. Returns the correction that released the appointment, or null.
 */
export function releasedByCorrection<C extends { target: string; to: string; at: string }>(
  appointment: { start: string; officeCode: string },
  corrections: readonly C[],
): C | null {
  const startMs = Date.parse(appointment.start);
  return corrections.find((c) => c.target === 'office' && c.to !== appointment.officeCode && Date.parse(c.at) < startMs) ?? null;
}

/**
 * The FA meeting booked on the call, if it still stands: null when none was booked, or a correction of the Jobcentre
 * released it. What the customer's evidence is due at, for every reader (letter, FA queue, FA claim panel).
 */
export function standingFaMeeting<S extends { start: string; officeCode: string }, C extends { target: string; to: string; at: string }>(record: {
  appointment: { kind: string; fa?: S } | null;
  corrections: readonly C[];
}): S | null {
  const fa = record.appointment?.kind === 'booked' ? record.appointment.fa : undefined;
  return fa && !releasedByCorrection(fa, record.corrections) ? fa : null;
}

/**
 * The Personal Adviser named when the interview was deferred works at the office the claim was at then. After a
 * correction of the Jobcentre made later, the new office must allocate its own: say so, keeping who was named.
 */
export function paAfterCorrections<C extends { target: string; from: string | null; to: string; at: string }>(
  paAllocated: string,
  deferredAt: string,
  corrections: readonly C[],
): string {
  const moved = corrections.filter((c) => c.target === 'office' && c.to !== c.from && Date.parse(c.at) > Date.parse(deferredAt));
  const first = moved[0];
  if (!first || !paAllocated.trim()) return paAllocated;
  return `${paAllocated} (named at ${first.from ?? 'the office before'} before the Jobcentre was corrected: allocate a Personal Adviser at ${moved[moved.length - 1]!.to})`;
}
