import type { Migration } from '../migration';

/** Jobcentre directory and postcode locations, imported from CSV (see `npm run intake -- import-offices|import-postcodes`). */
export const m0002ReferenceData: Migration = {
  version: 2,
  name: 'reference data: offices, postcodes, outcode centroids',
  up(db) {
    db.exec(`
      CREATE TABLE offices (
        code TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        address TEXT NOT NULL,
        postcode TEXT NOT NULL,
        lat REAL NOT NULL,
        long REAL NOT NULL,
        district TEXT,
        group_name TEXT,
        -- Only 'serving' offices are allocation candidates; closed ones stay for history and audit.
        status TEXT NOT NULL CHECK (status IN ('serving', 'closed')),
        source TEXT NOT NULL,
        imported_at TEXT NOT NULL
      ) STRICT;

      CREATE TABLE postcodes (
        postcode TEXT PRIMARY KEY,
        lat REAL NOT NULL,
        long REAL NOT NULL
      ) STRICT, WITHOUT ROWID;

      CREATE TABLE outcodes (
        outcode TEXT PRIMARY KEY,
        lat REAL NOT NULL,
        long REAL NOT NULL,
        postcode_count INTEGER NOT NULL
      ) STRICT, WITHOUT ROWID;
    `);
  },
};
