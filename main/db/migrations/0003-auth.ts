import type { Migration } from '../migration';

/** People, sessions, and the log of refused API calls (what support reads when "the desk said no"). */
export const m0003Auth: Migration = {
  version: 3,
  name: 'auth: users, sessions, api rejections log',
  up(db) {
    db.exec(`
      CREATE TABLE users (
        user_id TEXT PRIMARY KEY,
        username TEXT NOT NULL UNIQUE COLLATE NOCASE,
        display_name TEXT NOT NULL,
        role TEXT NOT NULL CHECK (role IN ('fco', 'fa', 'teamLeader')),
        office_code TEXT,
        team TEXT,
        -- scrypt: 'scrypt$N$r$p$salt_b64$hash_b64'. Never a plain password.
        password_hash TEXT NOT NULL,
        created_at TEXT NOT NULL,
        disabled INTEGER NOT NULL DEFAULT 0
      ) STRICT;

      CREATE TABLE sessions (
        token_hash TEXT PRIMARY KEY,
        user_id TEXT NOT NULL REFERENCES users(user_id),
        created_at TEXT NOT NULL,
        expires_at TEXT NOT NULL
      ) STRICT;

      CREATE TABLE api_rejections (
        id INTEGER PRIMARY KEY,
        at TEXT NOT NULL,
        channel TEXT NOT NULL,
        user_id TEXT,
        code TEXT NOT NULL,
        message TEXT NOT NULL
      ) STRICT;
    `);
  },
};
