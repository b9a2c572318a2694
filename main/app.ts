import { randomBytes, randomUUID } from 'node:crypto';
import { generateClaimReference } from '../machines/rules/claimReference';
import { attachAudit } from './audit';
import { AuthService } from './auth/authService';
import { installAppointments } from './appointments/service';
import { CallService } from './calls/callService';
import { ScriptRegistry, type LoadedPackage } from './content/scriptRegistry';
import { checkpointInIdleTime } from './db/checkpoints';
import { openDatabase, type Db } from './db/open';
import type { Directory } from './directory/directory';
import { ensureDemoDirectory } from './directory/demoDirectory';
import { SqliteDirectory } from './directory/sqliteDirectory';
import { attachEvidence } from './evidence';
import { installJobSearch } from './jobsearch/inCall';
import { SiteSettingsStore } from './settings/siteSettings';

export interface AppOptions {
  dbFile: string;
  clock?: () => Date;
  /** Ids of sessions, users and other records (UUIDs by default). Also the call ids when `newCallId` is not given. */
  newId?: () => string;
  /** Ids of new calls: the claim reference the customer quotes (`7K4M-2QX9-HRC`). Default: a random claim reference. */
  newCallId?: () => string;
  /** Load the demo Jobcentres and postcodes when the directory is empty (first start). Default true. */
  demoData?: boolean;
  scriptPackage?: LoadedPackage;
  directory?: Directory;
  nativeBinding?: string;
}

/** Everything the hosts (Electron, browser host, CLI) share: one database, one set of services. */
export interface App {
  db: Db;
  clock: () => Date;
  newId: () => string;
  scripts: ScriptRegistry;
  directory: Directory;
  calls: CallService;
  auth: AuthService;
  settings: SiteSettingsStore;
  /** Subscribers to "something changed" notifications (the browser host pushes them over WebSocket). */
  notify: (topic: string, id: string) => void;
  onNotify: (listener: (topic: string, id: string) => void) => () => void;
  logRejection: (channel: string, userId: string | null, code: string, message: string) => void;
  close: () => void;
}

export function openApp(opts: AppOptions): App {
  const clock = opts.clock ?? (() => new Date());
  const newId = opts.newId ?? (() => randomUUID());
  // Tests that fix `newId` keep their deterministic call ids; otherwise a new call's id is a fresh claim reference.
  const newCallId = opts.newCallId ?? opts.newId ?? (() => generateClaimReference(randomBytes));
  const db = openDatabase(opts.dbFile, opts.nativeBinding ? { nativeBinding: opts.nativeBinding } : {});
  const stopCheckpoints = checkpointInIdleTime(db);
  if (opts.demoData !== false) ensureDemoDirectory(db, clock());
  const scripts = new ScriptRegistry(db, clock, opts.scriptPackage);
  const directory = opts.directory ?? new SqliteDirectory(db);
  const listeners = new Set<(topic: string, id: string) => void>();
  const notify = (topic: string, id: string) => listeners.forEach((l) => l(topic, id));
  const insertRejection = db.prepare('INSERT INTO api_rejections (at, channel, user_id, code, message) VALUES (?, ?, ?, ?, ?)');
  const logRejection = (channel: string, userId: string | null, code: string, message: string) => {
    insertRejection.run(clock().toISOString(), channel, userId, code, message.slice(0, 1000));
  };
  const settings = new SiteSettingsStore(db, clock);
  const calls = new CallService({
    db,
    scripts,
    directory,
    clock,
    newId: newCallId,
    settings: () => settings.forNewCall(),
    onAccepted: (callId) => notify('call', callId),
  });
  installAppointments({ db, scripts, calls, clock, notify }, { demoDiaries: opts.demoData !== false });
  installJobSearch({ db, calls, clock }, { demoVacancies: opts.demoData !== false });
  attachAudit({ db, calls, scripts, directory, clock, onError: (message) => logRejection('audit', null, 'storage_failed', message) });
  attachEvidence({ db, scripts, directory, clock, calls, notify });
  return {
    db,
    clock,
    newId,
    scripts,
    directory,
    calls,
    auth: new AuthService(db, clock, newId),
    settings,
    notify,
    onNotify: (l) => (listeners.add(l), () => listeners.delete(l)),
    logRejection,
    close: () => {
      stopCheckpoints();
      db.close();
    },
  };
}
