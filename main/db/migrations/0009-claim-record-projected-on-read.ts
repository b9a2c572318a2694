import type { Migration } from '../migration';

/**
 * The claim record is no longer stored with every event (decision 0009): it is a pure projection of the call's
 * snapshot under its pinned script package, computed when read. Each accepted event wrote the whole record (about
 * 4 KB of JSON, two overflow pages) beside the snapshot it follows from; that was most of the cost of accepting an
 * event. The columns other queries filter and sort on stay (status, phase, step, updated_at), joined by the
 * customer's name, which the call lists show.
 */
export const m0009ClaimRecordProjectedOnRead: Migration = {
  version: 9,
  name: 'claim record projected on read; customer name column',
  up(db) {
    db.exec(`
      ALTER TABLE calls ADD COLUMN customer_name TEXT;
      UPDATE calls SET customer_name = json_extract(record, '$.customer.name');
      ALTER TABLE calls DROP COLUMN record;
    `);
  },
};
