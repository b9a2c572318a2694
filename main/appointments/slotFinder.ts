import type { AdviserRole } from '../../scripts-content/schema';
import { addDays } from '../../machines/rules/ukFormats';
import { formatHhmm, isWorkingDay, localToUtcMs, toLocal, weekdayOf } from '../../machines/rules/windows';
import type { AdviserDiary, SlotMode } from './diaries';

/**
 * Free slots from diaries and bookings. Pure: advisers, a "how many seats are taken" lookup and a time range in;
 * free slots out, earliest first (ties: the benefit's preferred role first, then adviser id, so results are stable).
 */

/** Times stay numbers here (thousands of slots per search); `slotStartIso` / `slotLocalTime` format the few shown. */
export interface FreeSlot {
  diaryId: string;
  adviserName: string;
  role: AdviserRole;
  officeCode: string;
  startMs: number;
  endMs: number;
  minutes: number;
  seatsLeft: number;
  localDate: string;
  /** Minutes since local midnight. */
  minute: number;
}

export const slotStartIso = (s: FreeSlot): string => new Date(s.startMs).toISOString();
export const slotLocalTime = (s: FreeSlot): string => formatHhmm(s.minute);

export interface SlotQuery {
  advisers: readonly AdviserDiary[];
  /** Roles that may hold the slot, most preferred first. */
  roles: readonly AdviserRole[];
  /** Slot starts in [fromMs, toMs). */
  fromMs: number;
  toMs: number;
  tz: string;
  closed: ReadonlySet<string>;
  /** Seats already booked at (adviser, start): either lookup. */
  taken?: (adviserId: string, startMs: number) => number;
  takenFor?: (adviserId: string) => ReadonlyMap<number, number> | undefined;
  mode?: SlotMode;
  /** Extra filter on local time (preferred hours, a signing weekday). */
  accept?: (local: { date: string; minute: number; weekday: number }, minutes: number) => boolean;
  limit?: number;
}

export function findFreeSlots(q: SlotQuery): FreeSlot[] {
  const out: FreeSlot[] = [];
  const limit = q.limit ?? Infinity;
  const advisers = q.advisers.filter((a) => q.roles.includes(a.role) && (!q.mode || a.modes.includes(q.mode)));
  if (!advisers.length || q.toMs <= q.fromMs) return out;
  const rank = (r: AdviserRole) => q.roles.indexOf(r);
  const lastDate = toLocal(q.toMs, q.tz).date;
  for (let date = toLocal(q.fromMs, q.tz).date; date <= lastDate && out.length < limit; date = addDays(date, 1)) {
    if (!isWorkingDay(date, q.closed)) continue;
    const weekday = weekdayOf(date);
    // Jobcentre hours never span a clock change, so one offset serves the whole day.
    const dayBase = localToUtcMs(date, 0, q.tz);
    const day: FreeSlot[] = [];
    for (const a of advisers) {
      if (a.absences.length && a.absences.some((x) => x.from <= date && date <= x.to)) continue;
      const blocks = a.hours[weekday];
      if (!blocks) continue;
      const taken = q.takenFor ? q.takenFor(a.id) : null;
      for (const [s, e] of blocks) {
        for (let m = s; m + a.slotMinutes <= e; m += a.stepMinutes) {
          const startMs = dayBase + m * 60_000;
          if (startMs < q.fromMs || startMs >= q.toMs) continue;
          if (q.accept && !q.accept({ date, minute: m, weekday }, a.slotMinutes)) continue;
          const seatsLeft = a.capacity - (taken ? (taken.get(startMs) ?? 0) : q.taken ? q.taken(a.id, startMs) : 0);
          if (seatsLeft <= 0) continue;
          day.push({
            diaryId: a.id,
            adviserName: a.name,
            role: a.role,
            officeCode: a.officeCode,
            startMs,
            endMs: startMs + a.slotMinutes * 60_000,
            minutes: a.slotMinutes,
            seatsLeft,
            localDate: date,
            minute: m,
          });
        }
      }
    }
    day.sort((x, y) => x.startMs - y.startMs || rank(x.role) - rank(y.role) || (x.diaryId < y.diaryId ? -1 : x.diaryId > y.diaryId ? 1 : 0));
    for (const s of day) {
      if (out.length >= limit) break;
      out.push(s);
    }
  }
  return out;
}

/**
 * The visit to offer: the earliest FA slot followed by an interview the same day (FA first, PF:628); failing that,
 * the earliest FA slot and the first interview after it on a later day.
 */
export function suggestPair(fa: readonly FreeSlot[], wfi: readonly FreeSlot[]): { fa: FreeSlot; wfi: FreeSlot } | null {
  for (const f of fa) {
    const w = wfi.find((x) => x.localDate === f.localDate && x.startMs >= f.endMs);
    if (w) return { fa: f, wfi: w };
  }
  for (const f of fa) {
    const w = wfi.find((x) => x.startMs >= f.endMs);
    if (w) return { fa: f, wfi: w };
  }
  return null;
}

/** Seats taken, from booking rows, per adviser: the lookup `findFreeSlots` wants (`takenFor`). */
export function takenLookup(rows: readonly { adviser_id: string; start_ms: number; n: number }[]): (adviserId: string) => ReadonlyMap<number, number> | undefined {
  const m = new Map<string, Map<number, number>>();
  for (const r of rows) {
    let a = m.get(r.adviser_id);
    if (!a) m.set(r.adviser_id, (a = new Map()));
    a.set(r.start_ms, r.n);
  }
  return (a) => m.get(a);
}
