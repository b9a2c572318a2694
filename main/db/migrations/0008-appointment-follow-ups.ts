import type { Migration } from '../migration';

/**
 * Who recorded the follow-up after a failure to attend, when, and their note, in columns of their own: until now the
 * follow-up's note replaced the note taken when the failure to attend was recorded, and its author replaced who
 * recorded it.
 */
export const m0008AppointmentFollowUps: Migration = {
  version: 8,
  name: 'appointment follow-ups',
  up(db) {
    db.exec(`
      ALTER TABLE appt_bookings ADD COLUMN follow_up_at TEXT;
      ALTER TABLE appt_bookings ADD COLUMN follow_up_by TEXT;
      ALTER TABLE appt_bookings ADD COLUMN follow_up_note TEXT;
    `);
  },
};
