import type Database from 'better-sqlite3';
import type { Migration } from './migration';

export class SchemaTooNewError extends Error {
  constructor(readonly databaseVersion: number, readonly codeVersion: number) {
    super(
      `This database was written by a newer version of the intake tool (schema ${databaseVersion}; this build knows up to ${codeVersion}). ` +
        'Install the newer version, or open a different database file. Nothing was changed.',
    );
    this.name = 'SchemaTooNewError';
  }
}

export function schemaVersion(db: Database.Database): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/**
 * Applies every pending migration in one transaction, so a failure leaves the database exactly as it was.
 * Refuses a database from a newer build rather than guessing at its shape.
 */
export function migrate(db: Database.Database, migrations: readonly Migration[], target?: number): number {
  const ordered = [...migrations].sort((a, b) => a.version - b.version);
  ordered.forEach((m, i) => {
    if (m.version !== i + 1) throw new Error(`Migration list is not contiguous: expected ${i + 1}, found ${m.version} (${m.name})`);
  });
  const latest = target ?? ordered.length;
  const current = schemaVersion(db);
  if (current > ordered.length) throw new SchemaTooNewError(current, ordered.length);
  if (current >= latest) return current;
  const pending = ordered.filter((m) => m.version > current && m.version <= latest);
  db.transaction(() => {
    for (const m of pending) m.up(db);
    db.pragma(`user_version = ${latest}`);
  }).immediate();
  return latest;
}
