import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { SessionUser } from '../../machines/contract/api';
import type { CallCommand, MachineEvent } from '../../machines/contract/callTypes';
import type { ClaimRecord } from '../../machines/contract/claimRecord';
import { AuditService } from '../../main/audit/auditService';
import type { CliIo } from '../../main/cli/io';
import { command as searchJobsCommand } from '../../main/cli/commands/search-jobs';
import { ScriptRegistry } from '../../main/content/scriptRegistry';
import { openDatabase, type Db } from '../../main/db/open';
import { importOffices } from '../../main/directory/importOffices';
import { EvidenceService } from '../../main/evidence/evidenceService';
import { submissionCheckHook } from '../../main/jobsearch/inCall';
import { loadSocTitles } from '../../main/jobsearch/socIndex';
import { vacancyWriter } from '../../main/jobsearch/store';
import type { VacancyRecord } from '../../main/jobsearch/vacancy';
import { ibTriage, identityAnswers, markers } from '../helpers/calls';
import { makeTestApp, testDirectory, type TestApp } from '../helpers/fixtures';

/**
 * Days are UK days. 2026-05-31T23:30:00Z is 00:30 BST on Monday 1 June 2026: the UTC day is still Sunday 31 May.
 * Each test sits on that boundary (or the next night's) and fails if the day is taken in UTC.
 */
const BST_MIDNIGHT = '2026-05-31T23:30:00.000Z';

const ok = <T,>(r: { ok: true; value: T } | { ok: false; error: { message: string } }): T => {
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
};

let app: TestApp | undefined;
let dir: string | undefined;
afterEach(() => {
  app?.close();
  app = undefined;
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});
const tempDir = () => (dir = mkdtempSync(join(tmpdir(), 'intake-uk-days-')));

/** A complete IB claim (due window), as `completeIbCall` takes it, with a medical certificate around June 2026. */
function completeIbCall(a: TestApp): ClaimRecord {
  const cert: Record<string, string> = { ibCertificateFrom: '2026-05-25', ibCertificateTo: '2026-07-25' };
  const triage = ibTriage.map((c) => (c.type === 'answer.submit' && cert[c.questionId] ? { ...c, value: cert[c.questionId] } : c));
  const id = ok(a.service.startCall('fco-ann')).record.callId;
  const send = (c: CallCommand) => (a.clock.advance(20), ok(a.service.send(id, c, 'fco-ann')));
  for (const c of [...identityAnswers(), ...triage, ...markers('incapacitated/disabled')]) send(c);
  const evidence = ok(a.service.get(id)).record.evidence;
  send({ type: 'evidence.readOut', checklistKey: evidence.checklistKey, itemsRead: evidence.items.map((i) => i.id) });
  send({ type: 'jobsearch.skip', reason: 'Not ready' });
  for (const q of ['explainWfi', 'appointment', 'readBack', 'closing'])
    send(q === 'appointment' ? { type: 'appointment.window.accept' } : { type: 'answer.submit', questionId: q, value: true });
  return ok(a.service.get(id)).record;
}

const auditFor = (a: TestApp) =>
  new AuditService({ db: a.db, calls: a.service, scripts: new ScriptRegistry(a.db, () => a.clock.now), directory: testDirectory(), clock: () => a.clock.now, defaultSeed: 's' });

describe('the claim date is the UK date of the call', () => {
  it('a call at 00:30 BST on 1 June has claim date 1 June (the UTC date is 31 May)', () => {
    app = makeTestApp({ start: BST_MIDNIGHT });
    const callId = ok(app.service.startCall('fco-ann')).record.callId;
    expect(app.service.record(callId)?.claimDate).toBe('2026-06-01');
    expect(app.db.prepare('SELECT claim_date FROM calls WHERE call_id = ?').pluck().get(callId)).toBe('2026-06-01');
  });

  it('in winter (GMT) the UK date is the UTC date', () => {
    app = makeTestApp({ start: '2026-11-23T23:30:00.000Z' });
    const callId = ok(app.service.startCall('fco-ann')).record.callId;
    expect(app.service.record(callId)?.claimDate).toBe('2026-11-23');
  });
});

describe('audit days at a BST midnight', () => {
  it('a claim taken at 00:30 BST counts in its UK day and week; the window runs from that day', () => {
    app = makeTestApp({ start: BST_MIDNIGHT });
    auditFor(app); // audits each claim as it completes
    const done = completeIbCall(app);
    expect(done.claimDate).toBe('2026-06-01');
    expect(done.dueWindow).toEqual({ from: '2026-07-27', to: '2026-08-30', bookableFrom: '2026-07-27', bookableTo: '2026-08-28' }); // days 57–91 from 1 June; day 91 is a Sunday
    expect(app.db.prepare('SELECT claim_date, week FROM audit_claims WHERE ref = ?').get(done.callId)).toEqual({ claim_date: '2026-06-01', week: '2026-06-01' });
  });

  it('"this week" for the QA sample is the UK week: at 00:30 BST on Monday it is the new week', () => {
    app = makeTestApp({ start: BST_MIDNIGHT });
    const audit = auditFor(app);
    completeIbCall(app);
    const s = audit.sample();
    expect(s.week).toBe('2026-06-01');
    expect(s.fcos.map((f) => f.claims)).toEqual([1]);
  });

  it('the restart-the-clock comparison takes a correction made at 00:30 BST on the UK day it was made', () => {
    app = makeTestApp({ start: '2026-06-01T09:00:00.000Z' });
    const audit = auditFor(app);
    const done = completeIbCall(app);
    app.clock.now = new Date('2026-06-02T23:30:00.000Z'); // 00:30 BST on 3 June
    ok(app.service.send(done.callId, { type: 'claim.correct', target: 'office', value: 'JC-EAST', reason: 'Customer lives on the boundary' }, 'tl-tess'));
    const clock = ok(audit.claim('product', done.callId)).clock!;
    expect(clock.oldRule?.clockStart).toBe('2026-06-03');
    expect(clock.shiftDays).toBe(2);
  });
});

describe('"today" for vacancies and the office register is the UK day', () => {
  const vacancy = (ref: string, closingDate: string): VacancyRecord => ({
    ref,
    title: 'Cleaner',
    employer: 'Acme (test)',
    description: '',
    soc2020: '9223',
    hoursPerWeek: 20,
    pattern: 'part-time',
    payMin: 12.5,
    payMax: 12.5,
    payPeriod: 'hour',
    postcode: 'QQ5 7AE',
    point: { lat: 52.49, long: -1.89 },
    closingDate,
  });
  const vacancyDb = (file: string): Db => {
    const db = openDatabase(file);
    loadSocTitles(db, [{ soc2020: '9223', unitTitle: 'Cleaners and domestics', titles: ['Cleaner'] }], 'test');
    const w = vacancyWriter(db, 'test', '2026-05-01T00:00:00.000Z');
    w.put(vacancy('CLOSES-31-MAY', '2026-05-31'));
    w.put(vacancy('OPEN', '2026-12-31'));
    return db;
  };

  it('a vacancy closing on 31 May cannot be put forward at 00:30 BST on 1 June', () => {
    const db = vacancyDb(join(tempDir(), 'v.db'));
    try {
      const submit = (at: string) =>
        submissionCheckHook({
          callId: 'c',
          seq: 1,
          db,
          event: {
            type: 'jobsearch.record',
            query: { text: 'cleaner' },
            resultCount: 2,
            submissions: [{ vacancyId: 'CLOSES-31-MAY', title: 'Cleaner', employer: 'Acme (test)' }],
            meta: { at, by: 'fco-ann' },
          } as MachineEvent,
          record: {} as ClaimRecord,
          previous: { jobSearch: { submissions: [] } } as unknown as ClaimRecord,
        });
      expect(submit('2026-05-31T22:30:00.000Z')).toBeNull(); // 23:30 BST on 31 May: still open
      expect(submit(BST_MIDNIGHT)?.message).toMatch(/closed on 2026-05-31/);
    } finally {
      db.close();
    }
  });

  it('the search-jobs command searches on the UK day when --today is not given', async () => {
    const file = join(tempDir(), 'cli.db');
    vacancyDb(file).close();
    const lines: string[] = [];
    const io: CliIo = { out: (l) => lines.push(l), err: () => {}, progress: () => {}, now: () => new Date(BST_MIDNIGHT) };
    expect(await searchJobsCommand.run(['--db', file, '--goal', 'cleaner', '--json'], io)).toBe(0);
    const out = JSON.parse(lines.join('\n')) as { value: { results: { vacancyId: string }[] } };
    expect(out.value.results.map((r) => r.vacancyId)).toEqual(['OPEN']);
  });

  it('an office whose register end date is 1 June is closed by an import at 00:30 BST on 1 June', async () => {
    const d = tempDir();
    const offices = join(d, 'offices.csv');
    writeFileSync(
      offices,
      [
        'nomis_office_code,office_name,jobcentre_group,jobcentre_district,office_address,postcode,lat,long,register_status_2021,register_uprn',
        '0101,Alpha,North,Leeds,1 High St,LS1 4AP,53.79547,-1.55572,live_in_register,1',
      ].join('\n'),
    );
    const register = join(d, 'register.csv');
    writeFileSync(
      register,
      ['jobcentre,name,jobcentre_district,district_name,jobcentre_group,group_name,uprn,start_date,end_date,entry_timestamp', '101,Alpha,1,Leeds,1,North,1,,2026-06-01,2026-05-01T00:00:00Z'].join(
        '\n',
      ),
    );
    const db = openDatabase(join(d, 'intake.db'));
    try {
      await importOffices(db, { file: offices, registerFile: register, now: new Date(BST_MIDNIGHT) });
      expect(db.prepare("SELECT status FROM offices WHERE code = '0101'").pluck().get()).toBe('closed');
    } finally {
      db.close();
    }
  });
});

describe('FA figures for a date range count meetings by UK day', () => {
  it('a meeting at 00:30 BST on 1 June is in the figures for 1 June, not for 31 May', () => {
    app = makeTestApp({ start: BST_MIDNIGHT });
    const a = app;
    const evidence = new EvidenceService({ db: a.db, scripts: new ScriptRegistry(a.db, () => a.clock.now), directory: testDirectory(), clock: () => a.clock.now, calls: a.service });
    const callId = ok(a.service.startCall('fco-ann')).record.callId;
    a.db
      .prepare(
        `INSERT INTO fa_queue (call_id, office_code, benefit_id, fco_id, claim_date, appointment_kind, sort_at, item_count, queued_at, updated_at, open, met_at, evidence_requested)
         VALUES (?, 'JC-NORTH', 'ib', 'fco-ann', '2026-06-01', 'dueWindow', ?, 0, ?, ?, 0, ?, 1)`,
      )
      .run(callId, BST_MIDNIGHT, BST_MIDNIGHT, BST_MIDNIGHT, BST_MIDNIGHT);
    const tl: SessionUser = { userId: 'tl-tess', username: 'tess', displayName: 'Tess', role: 'teamLeader', officeCode: null };
    const meetings = (from: string, to: string) => ok(evidence.figures(tl, { from, to })).overall.meetings;
    expect(meetings('2026-06-01', '2026-06-01')).toBe(1);
    expect(meetings('2026-05-31', '2026-05-31')).toBe(0);
    expect(meetings('2026-05-01', '2026-05-31')).toBe(0);
  });
});
