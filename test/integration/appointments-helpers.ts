import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AppointmentService } from '../../main/appointments/service';
import { DiaryFile, importDiaries } from '../../main/appointments/diaries';
import { CallService } from '../../main/calls/callService';
import { ScriptRegistry, type LoadedPackage } from '../../main/content/scriptRegistry';
import { openDatabase, type Db } from '../../main/db/open';
import type { CallCommand, DeferralDetails } from '../../machines/contract/callTypes';
import type { DeskState } from '../../machines/deskState';
import { sampleAnswer } from '../helpers/answers';
import { testDirectory } from '../helpers/fixtures';

/** Shared set-up for the appointments tests: a real SQLite file, the test directory's offices with diaries. */

const week = (blocks: [string, string][]) => ({ mon: blocks, tue: blocks, wed: blocks, thu: blocks, fri: blocks });

/** Diaries for the test offices (JC-NORTH, JC-SOUTH, JC-EAST). One adviser per role, so a slot is unambiguous. */
export function testDiaries(offices = ['JC-NORTH', 'JC-SOUTH', 'JC-EAST']): DiaryFile {
  return DiaryFile.parse({
    version: 1,
    offices: offices.map((code) => ({
      officeCode: code,
      advisers: [
        { id: `${code}-FA1`, name: `Fay Assessor ${code}`, role: 'financialAssessor', slotMinutes: 20, hours: week([['09:00', '12:40'], ['13:20', '16:40']]) },
        { id: `${code}-PA1`, name: `Pat Adviser ${code}`, role: 'personalAdviser', slotMinutes: 40, stepMinutes: 60, hours: week([['09:30', '12:30'], ['13:30', '16:30']]) },
        { id: `${code}-IBPA1`, name: `Ian Ibpa ${code}`, role: 'ibPersonalAdviser', slotMinutes: 50, stepMinutes: 60, modes: ['inPerson', 'telephone'], hours: week([['09:30', '12:30'], ['13:30', '16:30']]) },
        { id: `${code}-LPA1`, name: `Lee Lpa ${code}`, role: 'loneParentAdviser', slotMinutes: 40, stepMinutes: 60, hours: week([['09:30', '12:30'], ['13:30', '17:30']]) },
      ],
    })),
  });
}

export interface Desk {
  calls: CallService;
  appts: AppointmentService;
  db: Db;
}

export interface ApptTestApp extends Desk {
  dir: string;
  file: string;
  clock: { now: Date; set(iso: string): void; advance(seconds: number): void };
  /** Another desk (its own connection and services) on the same database file. */
  secondDesk(prefix: string): Desk;
  close(): void;
}

export function makeDesk(db: Db, clock: () => Date, prefix: string, pkg?: LoadedPackage): Desk {
  let n = 0;
  const scripts = new ScriptRegistry(db, clock, pkg);
  const calls = new CallService({ db, scripts, directory: testDirectory(), clock, newId: () => `${prefix}-${String(++n).padStart(4, '0')}` });
  const appts = new AppointmentService({ db, scripts, calls, clock });
  return { calls, appts, db };
}

export function apptTestApp(opts: { start?: string; diaries?: boolean; pkg?: LoadedPackage } = {}): ApptTestApp {
  const dir = mkdtempSync(join(tmpdir(), 'intake-appt-'));
  const file = join(dir, 'intake.db');
  const db = openDatabase(file);
  const clock = {
    now: new Date(opts.start ?? '2026-11-23T09:00:00.000Z'),
    set(iso: string) {
      this.now = new Date(iso);
    },
    advance(seconds: number) {
      this.now = new Date(this.now.getTime() + seconds * 1000);
    },
  };
  if (opts.diaries !== false) importDiaries(db, testDiaries(), clock.now, 'test');
  const desk = makeDesk(db, () => clock.now, 'call', opts.pkg);
  const others: Db[] = [];
  return {
    ...desk,
    dir,
    file,
    clock,
    secondDesk(prefix: string) {
      const db2 = openDatabase(file);
      others.push(db2);
      return makeDesk(db2, () => clock.now, prefix, opts.pkg);
    },
    close() {
      for (const o of others) o.close();
      db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A carer's deferral the policy allows without a team leader (life-changing event: major caring), with its dates from a 23 Nov claim. */
export const carerDeferral: DeferralDetails = {
  reason: 'lifeChangingEvent',
  detail: 'majorCaring',
  note: 'Just took on full-time care of her mother',
  untilDate: '2027-01-04',
  reviewDate: '2026-12-21',
  claimPackSent: true,
  paAllocated: 'Priya Shah',
  paContactGiven: true,
  letterSent: true,
};

export type BenefitKey = 'jsa' | 'ib' | 'lp' | 'carer' | 'bereavement' | 'hb';

const TRIAGE: Record<BenefitKey, Record<string, unknown>> = {
  jsa: { claimReason: 'lookingForWork', jsaJobGoal: 'warehouse operative', jsaHoursPerWeek: 30, jsaMaxTravelMiles: 10, jsaMinHourlyPay: 11.5, jsaAspirations: 'Forklift licence' },
  ib: {
    claimReason: 'illness',
    illnessPreventsWork: true,
    ibEmployed: true,
    ibEmployerName: 'Acme Foods Ltd',
    ibSickPay: true,
    ibSsp1: false,
    ibCertificateFrom: '2026-11-16',
    ibCertificateTo: '2027-01-16',
    ibHealthCondition: 'Back injury',
    ibComplexity: ['cameFromAbroad'],
  },
  lp: { claimReason: 'loneParent', childUnder16: true, lpYoungestChildDob: '2020-05-01', lpChildrenCount: 2 },
  carer: { claimReason: 'caring', caringHours35: true },
  bereavement: { claimReason: 'bereavement' },
  hb: { claimReason: 'housingCostsOnly', housingOnlyConfirm: true },
};

const IDENTITY: Record<string, unknown> = {
  fullName: 'Alex Example',
  dateOfBirth: '1984-03-02',
  nino: 'AB 12 34 56 C',
  addressLine: '12 Mill Lane',
  postcode: 'QA1 2BB',
  phone: '0113 496 0000',
  contactTimes: 'mornings',
  partnerDeclared: false,
};

function must(r: { ok: true; value: DeskState } | { ok: false; error: { code: string; message: string } }, what: string): DeskState {
  if (!r.ok) throw new Error(`${what}: ${r.error.code}: ${r.error.message}`);
  return r.value;
}

/** Answers the current question from the benefit's answers, the identity, or a valid sample. */
function answerCurrent(desk: { calls: CallService }, callId: string, s: DeskState, values: Record<string, unknown>): DeskState {
  const q = s.question!;
  const value = q.id in values ? values[q.id] : sampleAnswer(q.answer, q.id);
  return must(desk.calls.send(callId, { type: 'answer.submit', questionId: q.id, value }, s.record.fcoId), `answer ${q.id}`);
}

/** Starts a call and takes it to the appointment step (after the WFI explanation), as an FCO would. */
export function callAtAppointments(desk: { calls: CallService }, benefit: BenefitKey, extra: Record<string, unknown> = {}, fco = 'fco-1'): { callId: string; state: DeskState } {
  let s = must(desk.calls.startCall(fco), 'start');
  const callId = s.record.callId;
  const values = { ...IDENTITY, ...TRIAGE[benefit], ...extra };
  for (let guard = 0; guard < 200; guard++) {
    if (s.phase === 'appointments' && !s.question) return { callId, state: s };
    if (s.phase === 'wrapUp' || s.phase === 'complete') return { callId, state: s };
    if (s.question) {
      s = answerCurrent(desk, callId, s, values);
      continue;
    }
    const send = (c: CallCommand) => (s = must(desk.calls.send(callId, c, fco), c.type));
    switch (s.phase) {
      case 'markers':
        if (!s.record.markers.benefit.valid) send({ type: 'marker.benefit.confirm', marker: s.record.markers.benefit.derived! });
        else send({ type: 'office.confirm', officeCode: s.record.markers.jobcentre.suggested!.code });
        break;
      case 'evidence':
        send({ type: 'evidence.readOut', checklistKey: s.record.evidence.checklistKey, itemsRead: s.record.evidence.items.map((i) => i.id) });
        break;
      case 'jobSearch':
        if (s.record.jobSearch.mode === 'required') {
          send({ type: 'jobsearch.record', query: { text: 'warehouse' }, resultCount: 3, submissions: [] });
          send({ type: 'jobsearch.finish' });
        } else send({ type: 'jobsearch.skip', reason: 'Not ready to look for work yet' });
        break;
      default:
        throw new Error(`stuck in ${s.phase}`);
    }
  }
  throw new Error('did not reach the appointment step');
}

/** Answers the wrap-up questions so the claim completes. */
export function completeCall(desk: { calls: CallService }, callId: string): DeskState {
  let s = must(desk.calls.get(callId), 'get');
  for (let guard = 0; guard < 20 && s.phase !== 'complete'; guard++) {
    if (!s.question) throw new Error(`cannot complete from ${s.phase}: ${s.record.missing.join('; ')}`);
    s = answerCurrent(desk, callId, s, {});
  }
  if (s.phase !== 'complete') throw new Error(`the call did not complete (${s.phase})`);
  return s;
}

/** Row counts of every appointments table, to prove a refusal saved nothing. */
export function apptTables(db: Db): Record<string, number> {
  const out: Record<string, number> = {};
  for (const t of ['appt_bookings', 'appt_due_windows', 'appt_deferrals', 'appt_deferral_authorisations', 'appt_handoffs', 'appt_handoff_outbox', 'appt_handoff_history', 'call_events'])
    out[t] = db.prepare(`SELECT COUNT(*) FROM ${t}`).pluck().get() as number;
  out.activeBookings = db.prepare("SELECT COUNT(*) FROM appt_bookings WHERE status <> 'cancelled'").pluck().get() as number;
  return out;
}

export const slot = (officeCode: string, start: string, minutes: number, diaryId?: string) => ({
  start,
  minutes,
  officeCode,
  kind: 'inPerson' as const,
  ...(diaryId ? { diaryId } : {}),
});
