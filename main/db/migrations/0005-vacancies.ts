import type { Migration } from '../migration';

/**
 * Vacancies for job search on the call, and the SOC 2020 coding index that turns a customer's words into occupations.
 *
 * Layout (why it is split):
 * - `vacancies` holds only what a search filters and ranks on, so the rows are narrow (~40 per page) and the lookups a
 *   full-text hit needs stay in cache at 250,000 rows. The words live in `vacancy_texts` (1:1, same id), read only for
 *   the results shown.
 * - `vacancies_fts` is an FTS5 *external-content* table over `vacancy_texts`: the text is stored once, FTS5 reads it
 *   back for snippets or a rebuild, and triggers keep the index in step. Porter stemming so "cleaners" finds
 *   "Cleaner". detail=column: searches are ANDs of words per column, never phrases, and it halves the index (56 → 34
 *   MB at 250k rows). Contentless was rejected because deletes and updates then need the old text supplied by hand.
 * - `vacancies_by_soc` is a covering index for "same occupation" candidates: SOC code, then latitude, so an
 *   occupation's rows inside the search box are read without touching the table.
 * - The radius reaches into FTS5 too: `places` holds each vacancy's geo-cell tokens (two grid sizes, see
 *   main/jobsearch/geo.ts), so a query "assistant within 10 miles" intersects the word's doclist with the ~20 cells
 *   of the search box inside FTS5, and only vacancies in the box are looked up. Without it a common word costs one
 *   table lookup per vacancy nationwide (20,000 for "assistant" at 250k rows). Rare words skip the cells (the OR of
 *   cell doclists costs more than a few hundred lookups); see main/jobsearch/search.ts.
 * - Radius, in both paths: the exact great-circle distance decides, after a lat/long box (on the covering index for
 *   occupations, in SQL for text hits). An R*Tree was measured out: its box query returns rowids to intersect with the
 *   FTS hits outside SQLite, and handing 20,000 rows to JavaScript costs more than the whole search does now.
 * - Money is integer pence, normalised to hourly and annual at import (the advertised figures are kept as given).
 */
export const m0005Vacancies: Migration = {
  version: 5,
  name: 'vacancies: store, full-text index, SOC 2020 coding index',
  up(db) {
    db.exec(`
      CREATE TABLE vacancies (
        id INTEGER PRIMARY KEY,
        ref TEXT NOT NULL UNIQUE,
        soc2020 TEXT NOT NULL CHECK (length(soc2020) = 4 AND soc2020 GLOB '[1-9][0-9][0-9][0-9]'),
        lat REAL NOT NULL CHECK (lat BETWEEN -90 AND 90),
        long REAL NOT NULL CHECK (long BETWEEN -180 AND 180),
        closing_date TEXT NOT NULL CHECK (closing_date GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
        hours_per_week REAL NOT NULL CHECK (hours_per_week > 0 AND hours_per_week <= 100),
        pattern TEXT NOT NULL CHECK (pattern IN ('full-time', 'part-time', 'shifts')),
        pay_min_hourly_p INTEGER NOT NULL CHECK (pay_min_hourly_p > 0),
        pay_max_hourly_p INTEGER NOT NULL CHECK (pay_max_hourly_p >= pay_min_hourly_p),
        pay_min_annual_p INTEGER NOT NULL CHECK (pay_min_annual_p > 0),
        pay_max_annual_p INTEGER NOT NULL CHECK (pay_max_annual_p >= pay_min_annual_p),
        pay_period TEXT NOT NULL CHECK (pay_period IN ('hour', 'week', 'month', 'year')),
        pay_min REAL NOT NULL,
        pay_max REAL NOT NULL,
        postcode TEXT NOT NULL,
        -- Words in the title after main/jobsearch/text.ts normalisation: a title hit with as many words as the goal
        -- is the goal's own title ("Cleaner" for "cleaner"), known without reading the text.
        title_words INTEGER NOT NULL,
        source TEXT NOT NULL,
        imported_at TEXT NOT NULL
      ) STRICT;

      CREATE INDEX vacancies_by_soc ON vacancies
        (soc2020, lat, long, closing_date, pay_max_hourly_p, hours_per_week, pattern, pay_min_hourly_p);

      -- places: the vacancy's geo-cell tokens (main/jobsearch/geo.ts cellTokens), derived from lat/long by the writer.
      CREATE TABLE vacancy_texts (
        id INTEGER PRIMARY KEY REFERENCES vacancies(id) ON DELETE CASCADE,
        title TEXT NOT NULL,
        employer TEXT NOT NULL,
        description TEXT NOT NULL,
        places TEXT NOT NULL
      ) STRICT;

      CREATE VIRTUAL TABLE vacancies_fts USING fts5(
        title, employer, description, places,
        content = 'vacancy_texts', content_rowid = 'id',
        tokenize = 'porter unicode61 remove_diacritics 2',
        detail = column
      );
      CREATE TRIGGER vacancy_texts_ai AFTER INSERT ON vacancy_texts BEGIN
        INSERT INTO vacancies_fts (rowid, title, employer, description, places)
          VALUES (new.id, new.title, new.employer, new.description, new.places);
      END;
      CREATE TRIGGER vacancy_texts_ad AFTER DELETE ON vacancy_texts BEGIN
        INSERT INTO vacancies_fts (vacancies_fts, rowid, title, employer, description, places)
          VALUES ('delete', old.id, old.title, old.employer, old.description, old.places);
      END;
      CREATE TRIGGER vacancy_texts_au AFTER UPDATE ON vacancy_texts BEGIN
        INSERT INTO vacancies_fts (vacancies_fts, rowid, title, employer, description, places)
          VALUES ('delete', old.id, old.title, old.employer, old.description, old.places);
        INSERT INTO vacancies_fts (rowid, title, employer, description, places)
          VALUES (new.id, new.title, new.employer, new.description, new.places);
      END;

      -- SOC 2020 unit groups (4-digit) with their ONS titles, e.g. 9252 'Warehouse operatives'.
      CREATE TABLE soc_units (
        soc2020 TEXT PRIMARY KEY CHECK (length(soc2020) = 4),
        title TEXT NOT NULL
      ) STRICT, WITHOUT ROWID;

      -- One row per codable coding-index entry. 'normalised' is main/jobsearch/text.ts normaliseTitle(job_title).
      -- qualifier / industry are the index's "add" and "industry" qualifiers ('' when the title codes on its own:
      -- in v12 such a title always has exactly one code).
      CREATE TABLE soc_titles (
        id INTEGER PRIMARY KEY,
        job_title TEXT NOT NULL,
        soc2020 TEXT NOT NULL REFERENCES soc_units(soc2020),
        qualifier TEXT NOT NULL,
        industry TEXT NOT NULL,
        is_default INTEGER NOT NULL CHECK (is_default IN (0, 1)),
        normalised TEXT NOT NULL,
        word_count INTEGER NOT NULL,
        source TEXT NOT NULL
      ) STRICT;
      CREATE INDEX soc_titles_by_normalised ON soc_titles (normalised);
      CREATE INDEX soc_titles_by_soc ON soc_titles (soc2020, qualifier, industry, word_count);

      -- Word lookup over the normalised titles (already stemmed by our normaliser, so no porter here).
      CREATE VIRTUAL TABLE soc_titles_fts USING fts5(
        normalised, content = 'soc_titles', content_rowid = 'id', tokenize = 'unicode61'
      );
      -- Trigrams for "did you mean" when the goal is misspelt.
      CREATE VIRTUAL TABLE soc_titles_tri USING fts5(
        normalised, content = 'soc_titles', content_rowid = 'id', tokenize = 'trigram'
      );
      CREATE TRIGGER soc_titles_ai AFTER INSERT ON soc_titles BEGIN
        INSERT INTO soc_titles_fts (rowid, normalised) VALUES (new.id, new.normalised);
        INSERT INTO soc_titles_tri (rowid, normalised) VALUES (new.id, new.normalised);
      END;
      CREATE TRIGGER soc_titles_ad AFTER DELETE ON soc_titles BEGIN
        INSERT INTO soc_titles_fts (soc_titles_fts, rowid, normalised) VALUES ('delete', old.id, old.normalised);
        INSERT INTO soc_titles_tri (soc_titles_tri, rowid, normalised) VALUES ('delete', old.id, old.normalised);
      END;
      CREATE TRIGGER soc_titles_au AFTER UPDATE ON soc_titles BEGIN
        INSERT INTO soc_titles_fts (soc_titles_fts, rowid, normalised) VALUES ('delete', old.id, old.normalised);
        INSERT INTO soc_titles_tri (soc_titles_tri, rowid, normalised) VALUES ('delete', old.id, old.normalised);
        INSERT INTO soc_titles_fts (rowid, normalised) VALUES (new.id, new.normalised);
        INSERT INTO soc_titles_tri (rowid, normalised) VALUES (new.id, new.normalised);
      END;

      -- The index's cross-references (its soc2020 is '}}}}'): "Advisor, see Adviser". Not codable themselves;
      -- used to read the customer's word as the word the index codes. also = 1 for "see also" (both readings).
      CREATE TABLE soc_xrefs (
        id INTEGER PRIMARY KEY,
        from_title TEXT NOT NULL,
        from_normalised TEXT NOT NULL,
        to_title TEXT NOT NULL,
        to_normalised TEXT NOT NULL,
        also INTEGER NOT NULL CHECK (also IN (0, 1)),
        source TEXT NOT NULL
      ) STRICT;
      CREATE INDEX soc_xrefs_by_from ON soc_xrefs (from_normalised);
    `);
  },
};
