import { z } from 'zod';
import { AdviserRole, type AdviserRole as Role } from '../../scripts-content/schema';
import { parseIsoDate } from '../../machines/rules/ukFormats';
import { formatDate, formatHhmm, parseHhmm, toLocal, WEEKDAY_NAMES } from '../../machines/rules/windows';
import type { Db } from '../db/open';

/**
 * Jobcentre diaries: advisers with a role, weekly working hours (one or more blocks a day), a slot length, the step
 * between slot starts (a 40-minute interview every 60 minutes leaves 20 for notes and caseload, IDT:840), a capacity
 * per slot (1 = no overbooking; some offices overbooked against failures to attend, IDT:860) and absences.
 *
 * The same JSON format is the demo file (scripts-content/demo/diaries.json) and the import for real diaries
 * (`npm run intake -- import-diaries <file>`).
 */

const HHMM = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/, 'a time as HH:MM (24-hour)');
const Block = z.tuple([HHMM, HHMM]).refine(([a, b]) => parseHhmm(b) > parseHhmm(a), { error: 'a block ends after it starts' });
const Day = z.array(Block).max(6);
const DateStr = z.string().refine((s) => parseIsoDate(s) === s, { error: 'a real date as YYYY-MM-DD' });
export const SlotMode = z.enum(['inPerson', 'telephone', 'homeVisit']);
export type SlotMode = z.infer<typeof SlotMode>;

export const WEEKDAY_KEYS = ['mon', 'tue', 'wed', 'thu', 'fri'] as const;

export const DiaryAdviser = z
  .strictObject({
    id: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,59}$/, 'letters, digits, dot, dash or underscore (at most 60)'),
    name: z.string().trim().min(1).max(120),
    role: AdviserRole,
    slotMinutes: z.number().int().min(5).max(240),
    /** Minutes between slot starts; defaults to the slot length (back to back). */
    stepMinutes: z.number().int().min(5).max(480).optional(),
    capacity: z.number().int().min(1).max(10).default(1),
    modes: z.array(SlotMode).min(1).default(['inPerson', 'telephone']),
    hours: z.strictObject({ mon: Day.optional(), tue: Day.optional(), wed: Day.optional(), thu: Day.optional(), fri: Day.optional() }),
    absences: z.array(z.strictObject({ from: DateStr, to: DateStr, reason: z.string().trim().min(1).max(200) })).default([]),
  })
  .superRefine((a, ctx) => {
    const step = a.stepMinutes ?? a.slotMinutes;
    if (step < a.slotMinutes) ctx.addIssue({ code: 'custom', path: ['stepMinutes'], message: 'the step between slots cannot be shorter than a slot' });
    let any = false;
    for (const k of WEEKDAY_KEYS) {
      const blocks = [...(a.hours[k] ?? [])].sort((x, y) => parseHhmm(x[0]) - parseHhmm(y[0]));
      blocks.forEach((b, i) => {
        if (parseHhmm(b[1]) - parseHhmm(b[0]) < a.slotMinutes) ctx.addIssue({ code: 'custom', path: ['hours', k, i], message: `block ${b[0]}–${b[1]} is shorter than one ${a.slotMinutes}-minute slot` });
        const next = blocks[i + 1];
        if (next && parseHhmm(next[0]) < parseHhmm(b[1])) ctx.addIssue({ code: 'custom', path: ['hours', k], message: `blocks ${b[0]}–${b[1]} and ${next[0]}–${next[1]} overlap` });
        any = true;
      });
    }
    if (!any) ctx.addIssue({ code: 'custom', path: ['hours'], message: 'an adviser needs working hours on at least one weekday' });
    a.absences.forEach((x, i) => {
      if (x.to < x.from) ctx.addIssue({ code: 'custom', path: ['absences', i, 'to'], message: 'an absence ends on or after it starts' });
    });
  });
export type DiaryAdviser = z.infer<typeof DiaryAdviser>;

export const DiaryFile = z
  .strictObject({
    $comment: z.string().optional(),
    version: z.literal(1),
    offices: z.array(z.strictObject({ officeCode: z.string().trim().min(1).max(40), advisers: z.array(DiaryAdviser).min(1) })).min(1),
  })
  .superRefine((f, ctx) => {
    const seen = new Map<string, string>();
    f.offices.forEach((o, oi) => {
      if (f.offices.findIndex((x) => x.officeCode === o.officeCode) !== oi) ctx.addIssue({ code: 'custom', path: ['offices', oi, 'officeCode'], message: `office ${o.officeCode} is listed twice` });
      o.advisers.forEach((a, ai) => {
        const other = seen.get(a.id);
        if (other) ctx.addIssue({ code: 'custom', path: ['offices', oi, 'advisers', ai, 'id'], message: `adviser id ${a.id} is already used at ${other}` });
        seen.set(a.id, o.officeCode);
      });
    });
  });
export type DiaryFile = z.infer<typeof DiaryFile>;

/** An adviser's diary as the slot finder uses it: minutes since local midnight, per ISO weekday (1 = Monday). */
export interface AdviserDiary {
  id: string;
  officeCode: string;
  name: string;
  role: Role;
  slotMinutes: number;
  stepMinutes: number;
  capacity: number;
  modes: SlotMode[];
  /** Index 1..5 (Mon..Fri): blocks [start, end) in minutes. */
  hours: [number, number][][];
  absences: { from: string; to: string; reason: string }[];
}

export interface ImportSummary {
  offices: number;
  advisers: number;
  deactivated: number;
  /** Future bookings held by advisers who are no longer in the diary or no longer work at that time: re-book them. */
  orphanedBookings: { bookingId: string; callId: string; adviserId: string; start: string }[];
}

/**
 * Replaces the diaries of the offices in the file, in one transaction. Advisers missing from the new file are
 * deactivated, never deleted (bookings point at them). Existing bookings are kept; any future booking the new
 * diary no longer covers is reported for re-booking.
 */
export function importDiaries(db: Db, file: DiaryFile, now: Date, source: string): ImportSummary {
  const nowIso = now.toISOString();
  const summary: ImportSummary = { offices: file.offices.length, advisers: 0, deactivated: 0, orphanedBookings: [] };
  const activeIds = db.prepare('SELECT adviser_id FROM appt_advisers WHERE office_code = ? AND active = 1').pluck();
  const deactivate = db.prepare('UPDATE appt_advisers SET active = 0 WHERE office_code = ? AND active = 1');
  const officeOf = db.prepare('SELECT office_code FROM appt_advisers WHERE adviser_id = ?');
  const upsert = db.prepare(
    `INSERT INTO appt_advisers (adviser_id, office_code, name, role, slot_minutes, step_minutes, capacity, modes, active, source, imported_at)
     VALUES (@id, @officeCode, @name, @role, @slotMinutes, @stepMinutes, @capacity, @modes, 1, @source, @at)
     ON CONFLICT (adviser_id) DO UPDATE SET name = excluded.name, role = excluded.role, slot_minutes = excluded.slot_minutes,
       step_minutes = excluded.step_minutes, capacity = excluded.capacity, modes = excluded.modes, active = 1, source = excluded.source, imported_at = excluded.imported_at`,
  );
  const clearHours = db.prepare('DELETE FROM appt_adviser_hours WHERE adviser_id = ?');
  const clearAbsences = db.prepare('DELETE FROM appt_absences WHERE adviser_id = ?');
  const insertHours = db.prepare('INSERT INTO appt_adviser_hours (adviser_id, weekday, start_minute, end_minute) VALUES (?, ?, ?, ?)');
  const insertAbsence = db.prepare('INSERT INTO appt_absences (adviser_id, from_date, to_date, reason) VALUES (?, ?, ?, ?)');
  const bump = db.prepare("UPDATE appt_meta SET value = value + 1 WHERE key = 'diary_version'");

  db.transaction(() => {
    for (const office of file.offices) {
      const before = new Set(activeIds.all(office.officeCode) as string[]);
      for (const a of office.advisers) before.delete(a.id);
      summary.deactivated += before.size;
      deactivate.run(office.officeCode);
      for (const a of office.advisers) {
        const existing = officeOf.get(a.id) as { office_code: string } | undefined;
        if (existing && existing.office_code !== office.officeCode)
          throw new Error(`offices.${office.officeCode}: adviser id ${a.id} already belongs to ${existing.office_code}; give it another id`);
        upsert.run({
          id: a.id,
          officeCode: office.officeCode,
          name: a.name,
          role: a.role,
          slotMinutes: a.slotMinutes,
          stepMinutes: a.stepMinutes ?? a.slotMinutes,
          capacity: a.capacity,
          modes: JSON.stringify(a.modes),
          source,
          at: nowIso,
        });
        summary.advisers++;
        clearHours.run(a.id);
        clearAbsences.run(a.id);
        WEEKDAY_KEYS.forEach((k, i) => {
          for (const [from, to] of a.hours[k] ?? []) insertHours.run(a.id, i + 1, parseHhmm(from), parseHhmm(to));
        });
        for (const x of a.absences) insertAbsence.run(a.id, x.from, x.to, x.reason);
      }
    }
    bump.run();
  }).immediate();

  // Future bookings the new diaries no longer cover.
  const repo = new DiaryRepository(db);
  const future = db
    .prepare(
      `SELECT booking_id, call_id, adviser_id, start_at, start_ms, minutes FROM appt_bookings
       WHERE status = 'booked' AND start_ms > ? AND office_code IN (${file.offices.map(() => '?').join(',')})`,
    )
    .all(now.getTime(), ...file.offices.map((o) => o.officeCode)) as { booking_id: string; call_id: string; adviser_id: string; start_at: string; start_ms: number; minutes: number }[];
  for (const b of future) {
    const adviser = repo.adviser(b.adviser_id);
    if (!adviser || !adviser.active || !repo.coversStart(adviser, b.start_ms, b.minutes))
      summary.orphanedBookings.push({ bookingId: b.booking_id, callId: b.call_id, adviserId: b.adviser_id, start: b.start_at });
  }
  return summary;
}

interface AdviserRow {
  adviser_id: string;
  office_code: string;
  name: string;
  role: Role;
  slot_minutes: number;
  step_minutes: number;
  capacity: number;
  modes: string;
  active: number;
}

/** Read side of the diaries, cached per office until the next import (any process: the version lives in the database). */
export class DiaryRepository {
  private cacheVersion = -1;
  private readonly byOffice = new Map<string, AdviserDiary[]>();
  private readonly byId = new Map<string, AdviserDiary & { active: boolean }>();
  private readonly version;
  private readonly advisersOf;
  private readonly adviserById;
  private readonly hoursOf;
  private readonly absencesOf;
  private tz = 'Europe/London';

  constructor(db: Db) {
    this.version = db.prepare("SELECT value FROM appt_meta WHERE key = 'diary_version'").pluck();
    this.advisersOf = db.prepare('SELECT * FROM appt_advisers WHERE office_code = ? AND active = 1 ORDER BY adviser_id');
    this.adviserById = db.prepare('SELECT * FROM appt_advisers WHERE adviser_id = ?');
    this.hoursOf = db.prepare('SELECT weekday, start_minute, end_minute FROM appt_adviser_hours WHERE adviser_id = ? ORDER BY weekday, start_minute');
    this.absencesOf = db.prepare('SELECT from_date, to_date, reason FROM appt_absences WHERE adviser_id = ? ORDER BY from_date');
  }

  /** The zone diary hours are in (the content's appointmentPolicy.timeZone). */
  setTimeZone(tz: string): void {
    this.tz = tz;
  }

  private fresh(): void {
    const v = this.version.get() as number;
    if (v !== this.cacheVersion) {
      this.byOffice.clear();
      this.byId.clear();
      this.cacheVersion = v;
    }
  }

  private hydrate(r: AdviserRow): AdviserDiary & { active: boolean } {
    const hours: [number, number][][] = [[], [], [], [], [], []];
    for (const h of this.hoursOf.all(r.adviser_id) as { weekday: number; start_minute: number; end_minute: number }[]) hours[h.weekday]!.push([h.start_minute, h.end_minute]);
    return {
      id: r.adviser_id,
      officeCode: r.office_code,
      name: r.name,
      role: r.role,
      slotMinutes: r.slot_minutes,
      stepMinutes: r.step_minutes,
      capacity: r.capacity,
      modes: JSON.parse(r.modes) as SlotMode[],
      hours,
      absences: (this.absencesOf.all(r.adviser_id) as { from_date: string; to_date: string; reason: string }[]).map((x) => ({ from: x.from_date, to: x.to_date, reason: x.reason })),
      active: r.active === 1,
    };
  }

  advisers(officeCode: string): AdviserDiary[] {
    this.fresh();
    let hit = this.byOffice.get(officeCode);
    if (!hit) {
      hit = (this.advisersOf.all(officeCode) as AdviserRow[]).map((r) => this.adviser(r.adviser_id)!);
      this.byOffice.set(officeCode, hit);
    }
    return hit;
  }

  adviser(id: string): (AdviserDiary & { active: boolean }) | null {
    this.fresh();
    let hit = this.byId.get(id);
    if (!hit) {
      const r = this.adviserById.get(id) as AdviserRow | undefined;
      if (!r) return null;
      hit = this.hydrate(r);
      this.byId.set(id, hit);
    }
    return hit;
  }

  hasDiary(officeCode: string): boolean {
    return this.advisers(officeCode).length > 0;
  }

  /** Does the adviser have a slot of `minutes` starting exactly at `startMs`? (Hours, grid, absences; not bookings.) */
  coversStart(a: AdviserDiary, startMs: number, minutes: number): boolean {
    return explainNotInHours(a, startMs, minutes, this.tz) === null;
  }

  get timeZone(): string {
    return this.tz;
  }
}


/** Why the adviser has no slot at that time, or null when they do. */
export function explainNotInHours(a: AdviserDiary, startMs: number, minutes: number, tz: string): string | null {
  const l = toLocal(startMs, tz);
  if (minutes !== a.slotMinutes) return `${a.name}'s slots are ${a.slotMinutes} minutes, not ${minutes}.`;
  const absent = a.absences.find((x) => x.from <= l.date && l.date <= x.to);
  if (absent) return `${a.name} is away on ${formatDate(l.date)} (${absent.reason}).`;
  const blocks = l.weekday <= 5 ? (a.hours[l.weekday] ?? []) : [];
  if (!blocks.length) return `${a.name} does not work on ${WEEKDAY_NAMES[l.weekday]}s.`;
  const inBlock = blocks.find(([s, e]) => l.minute >= s && l.minute + minutes <= e);
  const hoursText = blocks.map(([s, e]) => `${formatHhmm(s)}–${formatHhmm(e)}`).join(', ');
  if (!inBlock) return `${formatHhmm(l.minute)}–${formatHhmm(l.minute + minutes)} is outside ${a.name}'s hours on ${WEEKDAY_NAMES[l.weekday]} (${hoursText}).`;
  if ((l.minute - inBlock[0]) % a.stepMinutes !== 0)
    return `${a.name}'s slots start every ${a.stepMinutes} minutes from ${formatHhmm(inBlock[0])}; ${formatHhmm(l.minute)} is not a slot start.`;
  return null;
}
