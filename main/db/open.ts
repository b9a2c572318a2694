import Database from 'better-sqlite3';
import { migrate } from './migrate';
import { allMigrations } from './migrations';

export type Db = Database.Database;

export interface OpenOptions {
  /** Path to a compiled better_sqlite3.node built for the running ABI (Electron uses its own build). */
  nativeBinding?: string;
  readonly?: boolean;
}

/** Opens (creating if needed) an intake database in WAL mode and brings its schema up to date. */
export function openDatabase(file: string, options: OpenOptions = {}): Db {
  const db = new Database(file, {
    ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}),
    ...(options.readonly ? { readonly: true } : {}),
  });
  try {
    if (!options.readonly) {
      db.pragma('journal_mode = WAL');
      // NORMAL in WAL mode survives a process crash (SIGKILL); only an OS crash can lose the last commits.
      db.pragma('synchronous = NORMAL');
    }
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    if (!options.readonly) migrate(db, allMigrations);
    return db;
  } catch (err) {
    db.close();
    throw err;
  }
}
