import { randomBytes } from 'node:crypto';
import type { App } from '../app';
import type { Role } from '../../machines/contract/api';

/**
 * On a brand-new database, create one account per role with random passwords printed once to the console, so a
 * first start is usable without any password living in the repository.
 */
export async function ensureDemoUsers(app: App): Promise<{ username: string; role: Role; password: string }[]> {
  if (app.auth.userCount() > 0) return [];
  const firstOffice = app.directory.servingOffices()[0]?.code ?? null;
  const wanted: { username: string; displayName: string; role: Role; officeCode: string | null }[] = [
    { username: 'fco1', displayName: 'Demo FCO', role: 'fco', officeCode: null },
    { username: 'fa1', displayName: 'Demo Financial Assessor', role: 'fa', officeCode: firstOffice },
    { username: 'tl1', displayName: 'Demo Team Leader', role: 'teamLeader', officeCode: null },
  ];
  // The slow hashes run side by side on libuv's thread pool: a first start waits for one, not three.
  return Promise.all(
    wanted.map(async (u) => {
      const password = randomBytes(9).toString('base64url');
      await app.auth.addUser({ ...u, password });
      return { username: u.username, role: u.role, password };
    }),
  );
}
