import { dirname, resolve } from 'node:path';
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
  let db: Db;
  try {
    db = new Database(file, {
      ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}),
      ...(options.readonly ? { readonly: true } : {}),
    });
  } catch (err) {
    throw new DatabaseOpenError(file, err);
  }
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
    throw isNotADatabase(err) ? new DatabaseOpenError(file, err) : err;
  }
}

const code = (err: unknown): string => String((err as { code?: unknown } | null)?.code);
const isNotADatabase = (err: unknown): boolean => ['SQLITE_NOTADB', 'SQLITE_CORRUPT'].includes(code(err));

/**
 * The database file cannot be used: its folder is missing, it cannot be created or read, or it is not a SQLite file.
 * The message names the file and what to do, since the person starting the desk or a command reads it.
 */
export class DatabaseOpenError extends Error {
  constructor(
    readonly file: string,
    cause: unknown,
  ) {
    const why = cause instanceof Error ? cause.message : String(cause);
    const folder = dirname(resolve(file));
    const hint = /directory does not exist/i.test(why)
      ? `the folder ${folder} does not exist. Create it, or choose a file in a folder that exists (INTAKE_DB for npm start, --db for commands).`
      : code(cause) === 'SQLITE_CORRUPT'
        ? `the file is damaged (SQLite says: ${why}). Restore it from the last backup, or move it aside to start with a new, empty database. Nothing was changed.`
        : isNotADatabase(cause)
          ? `it is not an intake database (SQLite says: ${why}). Check that the path names the right file; a path to a file that does not exist yet creates a new, empty database. Nothing was changed.`
          : `${why}. Check that the folder exists and that you may read and write there.`;
    super(`Cannot open the database ${file}: ${hint}`, { cause });
    this.name = 'DatabaseOpenError';
  }
}
