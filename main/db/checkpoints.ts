import type { Db } from './open';

/** WAL pages (4 KiB) after which SQLite checkpoints inside a commit anyway: a cap for bulk imports, not the norm. */
export const SAFETY_CHECKPOINT_PAGES = 20_000;

/**
 * For the interactive app: checkpoint the WAL in idle time instead of inside the commit that happens to cross
 * SQLite's default 1,000-page threshold. A checkpoint inside a commit was most of the slowest 1% of accepted
 * events (an FCO's key press waiting on a 4 MB copy); on a timer it runs between key presses. Durability is
 * unchanged: committed data is in the WAL either way. Returns a function that stops the timer.
 */
export function checkpointInIdleTime(db: Db, everyMs = 1_000): () => void {
  db.pragma(`wal_autocheckpoint = ${SAFETY_CHECKPOINT_PAGES}`);
  const timer = setInterval(() => {
    if (!db.open) return clearInterval(timer);
    try {
      // PASSIVE never waits for readers or writers; whatever it cannot copy now it copies next time.
      db.pragma('wal_checkpoint(PASSIVE)');
    } catch {
      /* busy: try again on the next tick */
    }
  }, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
