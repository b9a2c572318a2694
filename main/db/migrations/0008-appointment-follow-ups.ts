import type { Migration } from '../migration';

/**
 * Two changes to the appointments tables.
 *
 * Who recorded the follow-up after a failure to attend, when, and their note, get columns of their own: until now the
 * follow-up's note replaced the note taken when the failure to attend was recorded, and its author replaced who
 * recorded it.
 *
 * Hand-offs are now sent in the transaction that completes the claim. Records drafted before that and never sent are
 * sent here, as of when they were last drafted, by `system` (the same outbox row and history step a send writes), so
 * no completed claim's hand-off stays unsent at its Jobcentre.
 */
export const m0008AppointmentFollowUps: Migration = {
  version: 8,
  name: 'appointment follow-ups; unsent hand-offs sent',
  up(db) {
    db.exec(`
      ALTER TABLE appt_bookings ADD COLUMN follow_up_at TEXT;
      ALTER TABLE appt_bookings ADD COLUMN follow_up_by TEXT;
      ALTER TABLE appt_bookings ADD COLUMN follow_up_note TEXT;

      INSERT OR IGNORE INTO appt_handoff_outbox (call_id, revision, payload, sent_at, sent_by)
        SELECT call_id, revision, payload, updated_at, 'system' FROM appt_handoffs WHERE status = 'drafted';
      INSERT INTO appt_handoff_history (call_id, from_status, to_status, revision, at, by)
        SELECT call_id, 'drafted', 'sent', revision, updated_at, 'system' FROM appt_handoffs WHERE status = 'drafted';
      UPDATE appt_handoffs SET status = 'sent', sent_revision = revision, sent_at = updated_at, sent_by = 'system' WHERE status = 'drafted';
    `);
  },
};
