import type { Db } from '../db/open';

/**
 * User id → display name, for people to read (records keep the ids). Null for an id that is not a person in this
 * database ("system", or a user from another installation). One prepared statement per lookup made.
 */
export function userNames(db: Db): (userId: string) => string | null {
  const select = db.prepare('SELECT display_name FROM users WHERE user_id = ?').pluck();
  return (userId) => (select.get(userId) as string | undefined) ?? null;
}
