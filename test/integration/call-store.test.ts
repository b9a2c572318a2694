import { afterEach, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseOpenError, openDatabase } from '../../main/db/open';
import { SchemaTooNewError, migrate, schemaVersion } from '../../main/db/migrate';
import { allMigrations } from '../../main/db/migrations';
import { completeIbCall, identityAnswers, ibTriage, jobseekerTriage, markers } from '../helpers/calls';
import { endAbandonedCalls } from '../../main/calls/abandonedCalls';
import { IN_PROGRESS_CALLS, SETTLED_CALLS } from '../../main/calls/callStore';
import { makeTestApp, type TestApp } from '../helpers/fixtures';
import { SiteSettingsStore } from '../../main/settings/siteSettings';

let app: TestApp;
afterEach(() => app?.close());

const ok = <T,>(r: { ok: true; value: T } | { ok: false; error: { message: string } }): T => {
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
};
const eventCount = (a: TestApp, callId: string) => (a.db.prepare('SELECT count(*) n FROM call_events WHERE call_id = ?').get(callId) as { n: number }).n;
const row = (a: TestApp, callId: string) => a.db.prepare('SELECT * FROM calls WHERE call_id = ?').get(callId);

type Row = Record<string, unknown>;

/** A call taken part-way through `commands` on a database of today's schema: its rows and its claim record. */
function callTakenNow(commands: readonly unknown[]) {
  const source = makeTestApp();
  try {
    const id = ok(source.service.startCall('fco-ann')).record.callId;
    for (const c of commands) ok(source.service.send(id, c, 'fco-ann'));
    return {
      id,
      record: source.service.storedRecord(id)!,
      pkgRow: source.db.prepare('SELECT * FROM script_packages').get() as Row,
      callRow: source.db.prepare('SELECT * FROM calls WHERE call_id = ?').get(id) as Row,
      events: source.db.prepare('SELECT * FROM call_events WHERE call_id = ? ORDER BY seq').all(id) as Row[],
    };
  } finally {
    source.close();
  }
}

/**
 * A database file at schema `version` holding a call's rows, as that version stored them: `callColumns` names the
 * calls columns the version has, filled from `callRow`. Returns the file and its folder (to remove).
 */
function databaseAtVersion(version: number, taken: ReturnType<typeof callTakenNow>, callColumns: readonly string[], callRow: Row): { file: string; dir: string } {
  const dir = mkdtempSync(join(tmpdir(), `intake-v${version}-`));
  const file = join(dir, `v${version}.db`);
  const db = new Database(file);
  migrate(db, allMigrations, version);
  db.prepare('INSERT INTO script_packages VALUES (@hash, @script_id, @version, @content, @stored_at)').run(taken.pkgRow);
  db.prepare(`INSERT INTO calls (${callColumns.join(', ')}) VALUES (${callColumns.map((c) => `@${c}`).join(', ')})`).run(callRow);
  for (const e of taken.events) db.prepare('INSERT INTO call_events VALUES (@call_id, @seq, @type, @payload, @actor, @at)').run(e);
  db.close();
  return { file, dir };
}
const CALL_COLUMNS_BEFORE_9 = ['call_id', 'script_hash', 'fco_id', 'claim_date', 'started_at', 'status', 'phase', 'step', 'last_seq', 'snapshot', 'record', 'updated_at'];
const CALL_COLUMNS_FROM_9 = ['call_id', 'script_hash', 'fco_id', 'claim_date', 'started_at', 'status', 'phase', 'step', 'last_seq', 'snapshot', 'customer_name', 'updated_at'];

describe('durable call store', () => {
  it('appends every accepted event with the snapshot, and a refused event changes nothing', () => {
    app = makeTestApp();
    const { record } = ok(app.service.startCall('fco-ann'));
    const id = record.callId;
    for (const c of identityAnswers().slice(0, 4)) ok(app.service.send(id, c, 'fco-ann'));
    expect(eventCount(app, id)).toBe(4);
    const before = row(app, id);

    const bad = [
      { cmd: { type: 'answer.submit', questionId: 'nino', value: 'AB 12 34 56 X' }, code: 'invalid_answer', field: 'nino' },
      { cmd: { type: 'answer.submit', questionId: 'noSuchQuestion', value: 1 }, code: 'unknown_question' },
      { cmd: { type: 'answer.submit', questionId: 'postcode', value: 'QA1 2BB' }, code: 'out_of_order' },
      { cmd: { type: 'marker.benefit.confirm', marker: 'jobseeker' }, code: 'not_allowed_in_phase' },
      { cmd: { type: 'answer.submit', questionId: 'nino', value: 'x'.repeat(10), extra: 1 }, code: 'invalid_payload' },
      { cmd: { type: 'warp.drive' }, code: 'invalid_payload' },
    ];
    for (const b of bad) {
      const r = app.service.send(id, b.cmd, 'fco-ann');
      expect(r.ok).toBe(false);
      if (!r.ok) {
        expect(r.error.code).toBe(b.code);
        if (b.field) expect(r.error.field).toBe(b.field);
        expect(r.error.message.length).toBeGreaterThan(10);
      }
    }
    expect(eventCount(app, id)).toBe(4);
    expect(row(app, id)).toEqual(before);
    expect(ok(app.service.get(id)).question?.id).toBe('nino');
  });

  it('the stored record follows the database file: an event another host appends shows at once, though this host read the call before', () => {
    app = makeTestApp();
    const other = makeTestApp({ file: app.file }); // a second host on the same database file
    try {
      const id = ok(app.service.startCall('fco-ann')).record.callId;
      for (const c of identityAnswers().slice(0, 3)) ok(app.service.send(id, c, 'fco-ann'));
      expect(other.service.storedRecord(id)?.customer.name).toBe('Alex Example');
      expect(other.service.storedRecord(id)?.currentQuestion).toBe('dateOfBirth');
      ok(app.service.send(id, identityAnswers()[3]!, 'fco-ann'));
      expect(other.service.storedRecord(id)?.customer.dateOfBirth).toBe('1984-03-02');
      expect(other.service.storedRecord(id)?.currentQuestion).toBe('nino');
      expect(other.service.storedRecord('no-such-call')).toBeNull();
    } finally {
      other.close();
    }
  });

  it('refuses an invalid postcode naming the field, and the call stays on the postcode step', () => {
    app = makeTestApp();
    const id = ok(app.service.startCall('fco-ann')).record.callId;
    for (const c of identityAnswers().slice(0, 6)) ok(app.service.send(id, c, 'fco-ann'));
    const r = app.service.send(id, { type: 'answer.submit', questionId: 'postcode', value: 'LS1' }, 'fco-ann');
    expect(r.ok || r.error).toMatchObject({ code: 'invalid_answer', field: 'postcode' });
    expect(ok(app.service.get(id)).question?.id).toBe('postcode');
  });

  it('restores a call from disk at the same step with every accepted answer', () => {
    app = makeTestApp();
    const id = ok(app.service.startCall('fco-ann')).record.callId;
    for (const c of [...identityAnswers(), ...jobseekerTriage.slice(0, 3)]) ok(app.service.send(id, c, 'fco-ann'));
    const before = ok(app.service.get(id));
    app.service.evictAll();
    const after = ok(app.service.get(id));
    expect(after.question?.id).toBe(before.question?.id);
    expect(after.record.answers).toEqual(before.record.answers);
    expect(after.record.markers.jobcentre.suggested?.code).toBe('JC-NORTH');
  });

  it('looks up the Jobcentre when the postcode is accepted, and logs the lookup as a system event', () => {
    app = makeTestApp();
    const id = ok(app.service.startCall('fco-ann')).record.callId;
    for (const c of identityAnswers('QA9 2BB')) ok(app.service.send(id, c, 'fco-ann'));
    const events = app.service.events(id);
    const lookup = events.find((e) => e.type === 'directory.result');
    expect(lookup?.actor).toBe('system');
    expect(ok(app.service.get(id)).record.markers.jobcentre.suggested?.code).toBe('JC-SOUTH');
  });

  it('fixes the claim date at intake: a correction the next day appends who/when/why and never moves it', () => {
    app = makeTestApp({ start: '2026-11-23T16:55:00.000Z' });
    const id = ok(app.service.startCall('fco-ann')).record.callId;
    const cmds = [
      ...identityAnswers(),
      ...ibTriage,
      ...markers('incapacitated/disabled'),
    ];
    for (const c of cmds) (app.clock.advance(20), ok(app.service.send(id, c, 'fco-ann')));
    const evidence = ok(app.service.get(id)).record.evidence;
    expect(evidence.items[0]!.id).toBe('ssp1');
    for (const c of [
      { type: 'evidence.readOut', checklistKey: evidence.checklistKey, itemsRead: evidence.items.map((i) => i.id) },
      { type: 'jobsearch.skip', reason: 'Not ready' },
      { type: 'answer.submit', questionId: 'explainWfi', value: true },
      { type: 'appointment.window.accept' },
      { type: 'answer.submit', questionId: 'readBack', value: true },
      { type: 'answer.submit', questionId: 'closing', value: true },
    ]) (app.clock.advance(20), ok(app.service.send(id, c, 'fco-ann')));
    const done = ok(app.service.get(id)).record;
    expect(done.status).toBe('complete');
    expect(done.claimDate).toBe('2026-11-23');
    expect(done.dueWindow).toEqual({ from: '2027-01-18', to: '2027-02-21', bookableFrom: '2027-01-18', bookableTo: '2027-02-19' });

    app.clock.advance(24 * 3600);
    const r = app.service.send(id, { type: 'claim.correct', target: 'office', value: 'JC-EAST', reason: 'Customer lives on the boundary; East serves the estate' }, 'tl-bob');
    const corrected = ok(r).record;
    expect(corrected.claimDate).toBe('2026-11-23');
    expect(corrected.dueWindow).toEqual(done.dueWindow);
    expect(corrected.markers.jobcentre.confirmed?.code).toBe('JC-EAST');
    expect(corrected.corrections).toEqual([
      expect.objectContaining({ target: 'office', from: 'JC-NORTH', to: 'JC-EAST', by: 'tl-bob' }),
    ]);
    expect(corrected.corrections[0]!.at > done.completedAt!).toBe(true);
    const noReason = app.service.send(id, { type: 'claim.correct', target: 'office', value: 'JC-SOUTH', reason: '' }, 'tl-bob');
    expect(noReason.ok).toBe(false);
    const toCc = app.service.send(id, { type: 'claim.correct', target: 'office', value: 'CC-DEMO-01', reason: 'testing the rule' }, 'tl-bob');
    expect(toCc.ok || toCc.error.code).toBe('office_not_allowed');
  });

  it('refuses anything after the call ended', () => {
    app = makeTestApp();
    const id = ok(app.service.startCall('fco-ann')).record.callId;
    ok(app.service.send(id, { type: 'answer.submit', questionId: 'opening', value: true }, 'fco-ann'));
    ok(app.service.send(id, { type: 'call.end', reason: 'callerHungUp' }, 'fco-ann'));
    const r = app.service.send(id, { type: 'answer.submit', questionId: 'dataProtection', value: true }, 'fco-ann');
    expect(r.ok || r.error.code).toBe('call_ended');
    expect(ok(app.service.get(id)).record).toMatchObject({ status: 'ended', ended: { reason: 'callerHungUp' } });
    app.service.evictAll();
    expect(app.service.send(id, { type: 'answer.submit', questionId: 'dataProtection', value: true }, 'fco-ann').ok).toBe(false);
  });

  it('keeps each call under the right status as it moves on, so the lists by status and the abandoned-call sweep find it', () => {
    app = makeTestApp();
    const listed = (status: 'in_progress' | 'complete' | 'ended') => app.service.store.list({ status }).map((c) => c.callId).sort();
    const done = completeIbCall(app).callId;
    const open = ok(app.service.startCall('fco-ann')).record.callId;
    const hungUp = ok(app.service.startCall('fco-ann')).record.callId;
    ok(app.service.send(open, identityAnswers()[0]!, 'fco-ann'));
    ok(app.service.send(hungUp, identityAnswers()[0]!, 'fco-ann'));
    ok(app.service.send(hungUp, { type: 'call.end', reason: 'callerHungUp' }, 'fco-ann'));
    expect([listed('in_progress'), listed('complete'), listed('ended')]).toEqual([[open], [done], [hungUp]]);

    // A correction and a hang-up after completion are events on a complete claim: it stays complete, and it moves to
    // the top of the list of complete claims by its latest change.
    app.clock.advance(3600);
    ok(app.service.send(done, { type: 'claim.correct', target: 'office', value: 'JC-EAST', reason: 'Boundary: East serves the estate' }, 'tl-bob'));
    ok(app.service.send(done, { type: 'call.end', reason: 'callerHungUp' }, 'fco-ann'));
    expect(app.service.store.list({ status: 'complete' })).toEqual([expect.objectContaining({ callId: done, status: 'complete', updatedAt: app.clock.now.toISOString() })]);
    expect(listed('ended')).toEqual([hungUp]);

    // The one still in progress is the one the sweep ends once nobody has touched it for longer than a call lasts.
    app.clock.advance(5 * 3600);
    expect(endAbandonedCalls({ db: app.db, calls: app.service, clock: () => app.clock.now })).toEqual([open]);
    expect([listed('in_progress'), listed('ended')]).toEqual([[], [hungUp, open].sort()]);
    app.service.evictAll();
    expect(ok(app.service.get(open)).record.status).toBe('ended');
  });

  it("lists everyone's calls newest change first whatever their status, and only as many as asked", () => {
    app = makeTestApp();
    const done = completeIbCall(app).callId;
    app.clock.advance(60);
    const hungUp = ok(app.service.startCall('fco-bea')).record.callId;
    ok(app.service.send(hungUp, { type: 'call.end', reason: 'callerHungUp' }, 'fco-bea'));
    app.clock.advance(60);
    const open = ok(app.service.startCall('fco-ann')).record.callId;
    app.clock.advance(60);
    ok(app.service.send(done, { type: 'claim.correct', target: 'office', value: 'JC-EAST', reason: 'Boundary: East serves the estate' }, 'tl-bob'));
    expect(app.service.store.list({}).map((c) => c.callId)).toEqual([done, open, hungUp]);
    expect(app.service.store.list({ limit: 2 }).map((c) => c.callId)).toEqual([done, open]);
    expect(app.service.store.list({ fcoId: 'fco-ann' }).map((c) => c.callId)).toEqual([done, open]);
  });

  it('keeps the event log append-only', () => {
    app = makeTestApp();
    const id = ok(app.service.startCall('fco-ann')).record.callId;
    ok(app.service.send(id, { type: 'answer.submit', questionId: 'opening', value: true }, 'fco-ann'));
    expect(() => app.db.prepare('UPDATE call_events SET actor = ?').run('someone')).toThrow(/append-only/);
    expect(() => app.db.prepare('DELETE FROM call_events').run()).toThrow(/append-only/);
  });
});

describe('migrations', () => {
  it('refuses a database from a newer schema and changes nothing', () => {
    app = makeTestApp();
    app.db.pragma(`user_version = ${allMigrations.length + 1}`);
    const file = app.file;
    app.db.close();
    expect(() => openDatabase(file)).toThrow(SchemaTooNewError);
    const raw = new Database(file);
    expect(schemaVersion(raw)).toBe(allMigrations.length + 1);
    raw.close();
    app = makeTestApp(); // for afterEach
  });

  it('names the file and what to do when the folder is missing, the file is not a database or it is damaged, and changes nothing', () => {
    const dir = mkdtempSync(join(tmpdir(), 'intake-open-'));
    try {
      const missing = join(dir, 'no-such-folder', 'intake.db');
      expect(() => openDatabase(missing)).toThrow(DatabaseOpenError);
      expect(() => openDatabase(missing)).toThrow(`Cannot open the database ${missing}: the folder ${join(dir, 'no-such-folder')} does not exist. Create it`);
      const notDb = join(dir, 'notes.txt');
      writeFileSync(notDb, 'Monday rota: Ann, Ben, Cal\n'.repeat(50));
      expect(() => openDatabase(notDb)).toThrow(/Cannot open the database .*notes\.txt: it is not an intake database \(SQLite says: file is not a database\)\. Check that the path names the right file/);
      expect(readFileSync(notDb, 'utf8')).toBe('Monday rota: Ann, Ben, Cal\n'.repeat(50));

      // An intake database whose schema page was overwritten (say, by a disk fault): damaged, not "the wrong file".
      const damaged = join(dir, 'damaged.db');
      const db = openDatabase(damaged);
      db.pragma('wal_checkpoint(TRUNCATE)');
      db.close();
      const bytes = readFileSync(damaged);
      bytes.fill(0x41, 100, 3100);
      writeFileSync(damaged, bytes);
      expect(() => openDatabase(damaged)).toThrow(/Cannot open the database .*damaged\.db: the file is damaged \(SQLite says: database disk image is malformed\)\. Restore it from the last backup/);
      expect(readFileSync(damaged).equals(bytes)).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('applies all migrations in one transaction: a failing step leaves the version and tables as they were', () => {
    const db = new Database(':memory:');
    const broken = [...allMigrations.slice(0, 1), { version: 2, name: 'broken', up: () => { throw new Error('boom'); } }];
    expect(() => migrate(db, broken)).toThrow('boom');
    expect(schemaVersion(db)).toBe(0);
    expect(db.prepare("SELECT count(*) n FROM sqlite_master WHERE name = 'calls'").get()).toEqual({ n: 0 });
  });

  it('brings a version-1 database with a call in it up to date without losing the call', () => {
    const db = new Database(':memory:');
    migrate(db, allMigrations, 1);
    db.prepare("INSERT INTO script_packages VALUES ('h', 's', '1.0.0', '{}', 'now')").run();
    db.prepare("INSERT INTO calls VALUES ('c1', 'h', 'f', '2026-11-23', 'now', 'in_progress', 'identify', NULL, 0, '{}', '{}', 'now')").run();
    migrate(db, allMigrations);
    expect(schemaVersion(db)).toBe(allMigrations.length);
    expect(db.prepare('SELECT call_id FROM calls').all()).toEqual([{ call_id: 'c1' }]);
  });

  it('migration 9: a call stored with its claim record (version 8) keeps its record, now projected from the snapshot, and carries on', () => {
    // A call half-way through identity, as version 8 stored it: snapshot and claim record side by side.
    const taken = callTakenNow(identityAnswers().slice(0, 5));
    const { id, record: stored } = taken;
    const { file, dir } = databaseAtVersion(8, taken, CALL_COLUMNS_BEFORE_9, { ...taken.callRow, record: JSON.stringify(stored) });

    try {
      app = makeTestApp({ file });
      expect(schemaVersion(app.db)).toBe(allMigrations.length);
      const columns = (app.db.prepare('SELECT name FROM pragma_table_info(?)').pluck().all('calls') as string[]);
      expect(columns).not.toContain('record');
      expect(app.db.prepare('SELECT customer_name FROM calls WHERE call_id = ?').pluck().get(id)).toBe('Alex Example');
      expect(app.service.storedRecord(id)).toEqual(stored);
      expect(ok(app.service.get(id)).question?.id).toBe('addressLine');
      ok(app.service.send(id, identityAnswers()[5]!, 'fco-ann'));
      expect(app.service.storedRecord(id)?.customer.address).toBe('12 Mill Lane');
      expect(app.service.store.list({}).map((c) => c.customerName)).toEqual(['Alex Example']);
    } finally {
      app.close();
      rmSync(dir, { recursive: true, force: true });
      app = makeTestApp(); // for afterEach
    }
  });

  it('migration 11: a version-10 call log is kept event for event, stays append-only, and the call carries on', () => {
    const taken = callTakenNow(identityAnswers());
    const { id, record, events } = taken;
    const { file, dir } = databaseAtVersion(10, taken, CALL_COLUMNS_FROM_9, taken.callRow);

    try {
      app = makeTestApp({ file });
      expect(schemaVersion(app.db)).toBe(allMigrations.length);
      expect(app.db.prepare('SELECT * FROM call_events WHERE call_id = ? ORDER BY seq').all(id)).toEqual(events);
      expect(app.service.storedRecord(id)).toEqual(record);
      expect(() => app.db.prepare('UPDATE call_events SET actor = ?').run('someone')).toThrow(/append-only/);
      expect(() => app.db.prepare('DELETE FROM call_events').run()).toThrow(/append-only/);
      expect(() => app.db.prepare("INSERT INTO call_events VALUES ('no-such-call', 1, 't', '{}', 'a', 'now')").run()).toThrow(/FOREIGN KEY/);
      ok(app.service.send(id, jobseekerTriage[0]!, 'fco-ann'));
      expect(app.service.events(id).map((e) => e.seq)).toEqual([...events.map((e) => e.seq), events.length + 1]);
      expect(app.service.store.list({ status: 'in_progress' }).map((c) => c.callId)).toEqual([id]);
    } finally {
      app.close();
      rmSync(dir, { recursive: true, force: true });
      app = makeTestApp(); // for afterEach
    }
  });

  it('finds calls by status without reading the whole calls table: the sweep, the lists and the audit catch-up use the status indexes', () => {
    app = makeTestApp();
    const plan = (sql: string) => (app.db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...Array(sql.split('?').length - 1).fill('x')) as { detail: string }[]).map((r) => r.detail).join('; ');
    // The statements as the code builds them, from the same condition constants.
    expect(plan(`SELECT call_id, updated_at FROM calls WHERE ${IN_PROGRESS_CALLS} AND updated_at < ? ORDER BY updated_at LIMIT ?`)).toMatch(/USING INDEX calls_in_progress/);
    expect(plan(`SELECT call_id FROM calls WHERE status = ? AND ${SETTLED_CALLS} ORDER BY updated_at DESC LIMIT ?`)).toMatch(/USING INDEX calls_settled/);
    expect(plan(`SELECT call_id FROM calls WHERE status = 'complete' AND ${SETTLED_CALLS} AND updated_at >= ?`)).toMatch(/USING INDEX calls_settled \(status=\? AND updated_at>\?\)/);
  });
});

describe('site setting: job search on the call', () => {
  it('switched off, a jobseeker call goes from evidence straight to the appointment and the record says why', () => {
    app = makeTestApp();
    const settingsDb = app.db;
    settingsDb.prepare("INSERT INTO site_settings VALUES ('jobSearchOnCall', 'false', '2026-11-23T08:00:00Z', 'tl-bob')").run();
    // The test app's service has no settings source; build one that reads the table like the real app does.
    const store = new SiteSettingsStore(settingsDb, () => app.clock.now);
    (app.service as unknown as { deps: { settings: () => unknown } }).deps.settings = () => store.forNewCall();
    const id = ok(app.service.startCall('fco-ann')).record.callId;
    for (const c of [...identityAnswers(), ...jobseekerTriage, ...markers('jobseeker')]) ok(app.service.send(id, c, 'fco-ann'));
    const ev = ok(app.service.get(id)).record.evidence;
    const after = ok(app.service.send(id, { type: 'evidence.readOut', checklistKey: ev.checklistKey, itemsRead: ev.items.map((i) => i.id) }, 'fco-ann'));
    expect(after.phase).toBe('appointments');
    expect(after.record.jobSearch).toMatchObject({ mode: 'required', switchedOff: true });
    const r = app.service.send(id, { type: 'jobsearch.record', query: { text: 'x' }, resultCount: 0, submissions: [] }, 'fco-ann');
    expect(r.ok || r.error.code).toBe('policy_forbids');
    // A call started before the switch keeps the setting it started with.
    store.set({ jobSearchOnCall: true }, 'tl-bob');
    expect(ok(app.service.get(id)).record.jobSearch.switchedOff).toBe(true);
  });
});
