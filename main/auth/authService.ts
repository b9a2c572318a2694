import { createHash } from 'node:crypto';
import type { Role, SessionUser } from '../../machines/contract/api';
import { fail, type Result } from '../../machines/contract/errors';
import type { Db } from '../db/open';
import { hashPassword, newToken, verifyPassword } from './passwords';

const SESSION_HOURS = 12;
const sha = (t: string) => createHash('sha256').update(t).digest('hex');

interface UserRow {
  user_id: string;
  username: string;
  display_name: string;
  role: Role;
  office_code: string | null;
  password_hash: string;
  disabled: number;
}

const toUser = (r: UserRow): SessionUser => ({ userId: r.user_id, username: r.username, displayName: r.display_name, role: r.role, officeCode: r.office_code });

/** Accounts and sessions. Tokens are stored hashed, so a copied database does not let anyone in. */
export class AuthService {
  constructor(private readonly db: Db, private readonly clock: () => Date, private readonly newId: () => string) {}

  async addUser(u: { username: string; displayName: string; role: Role; password: string; officeCode?: string | null; team?: string | null }): Promise<SessionUser> {
    if (u.password.length < 10) throw new Error('Passwords need at least 10 characters.');
    if (u.role === 'fa' && !u.officeCode) throw new Error('A financial assessor needs the Jobcentre code of their office (--office).');
    const hash = await hashPassword(u.password);
    const id = this.newId();
    this.db
      .prepare('INSERT INTO users (user_id, username, display_name, role, office_code, team, password_hash, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
      .run(id, u.username, u.displayName, u.role, u.officeCode ?? null, u.team ?? null, hash, this.clock().toISOString());
    return { userId: id, username: u.username, displayName: u.displayName, role: u.role, officeCode: u.officeCode ?? null };
  }

  userCount(): number {
    return (this.db.prepare('SELECT count(*) n FROM users').get() as { n: number }).n;
  }

  async signIn(username: string, password: string): Promise<Result<{ token: string; user: SessionUser }>> {
    const row = this.db.prepare('SELECT * FROM users WHERE username = ?').get(username) as UserRow | undefined;
    // Verify against a dummy hash when the user is unknown, so timing does not reveal which usernames exist.
    const ok = await verifyPassword(password, row?.password_hash ?? DUMMY_HASH);
    if (!row || !ok || row.disabled) return fail('unauthorised', 'The username or password is not right. Check caps lock and try again, or ask your team leader to reset it.');
    const token = newToken();
    const now = this.clock();
    this.db
      .prepare('INSERT INTO sessions (token_hash, user_id, created_at, expires_at) VALUES (?, ?, ?, ?)')
      .run(sha(token), row.user_id, now.toISOString(), new Date(now.getTime() + SESSION_HOURS * 3600_000).toISOString());
    return { ok: true, value: { token, user: toUser(row) } };
  }

  userForToken(token: string | null): SessionUser | null {
    if (!token) return null;
    const row = this.db
      .prepare('SELECT u.* FROM sessions s JOIN users u ON u.user_id = s.user_id WHERE s.token_hash = ? AND s.expires_at > ? AND u.disabled = 0')
      .get(sha(token), this.clock().toISOString()) as UserRow | undefined;
    return row ? toUser(row) : null;
  }

  signOut(token: string): void {
    this.db.prepare('DELETE FROM sessions WHERE token_hash = ?').run(sha(token));
  }
}

// A fixed scrypt hash of a random string, used only to equalise timing for unknown usernames.
const DUMMY_HASH = 'scrypt$32768$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=';
