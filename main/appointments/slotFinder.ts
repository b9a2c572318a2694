import type { AdviserRole } from '../../scripts-content/schema';
import { addDays } from '../../machines/rules/ukFormats';
import { formatHhmm, isWorkingDay, localToUtcMs, toLocal, weekdayOf } from '../../machines/rules/windows';
import type { AdviserDiary, SlotMode } from './diaries';

/**
 * Free slots from diaries and bookings. Pure: advisers, a "how many seats are taken" lookup and a time range in;
 * free slots out, earliest first (ties: the benefit's preferred role first, then adviser id, so results are stable).
 */

export interface FreeSlot {
  diaryId: string;
  adviserName: string;
  role: AdviserRole;
  officeCode: string;
  start: string;
  startMs: number;
  endMs: number;
  minutes: number;
  seatsLeft: number;
  localDate: string;
  localTime: string;
}

export interface SlotQuery {
  advisers: readonly AdviserDiary[];
  /** Roles that may hold the slot, most preferred first. */
  roles: readonly AdviserRole[];
  /** Slot starts in [fromMs, toMs). */
  fromMs: number;
  toMs: number;
  tz: string;
  closed: ReadonlySet<string>;
  /** Seats already booked at (adviser, start). */
  taken: (adviserId: string, startMs: number) => number;
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
    const day: FreeSlot[] = [];
    for (const a of advisers) {
      if (a.absences.some((x) => x.from <= date && date <= x.to)) continue;
      for (const [s, e] of a.hours[weekday] ?? []) {
        for (let m = s; m + a.slotMinutes <= e; m += a.stepMinutes) {
          const startMs = localToUtcMs(date, m, q.tz);
          if (startMs < q.fromMs || startMs >= q.toMs) continue;
          if (q.accept && !q.accept({ date, minute: m, weekday }, a.slotMinutes)) continue;
          const seatsLeft = a.capacity - q.taken(a.id, startMs);
          if (seatsLeft <= 0) continue;
          day.push({
            diaryId: a.id,
            adviserName: a.name,
            role: a.role,
            officeCode: a.officeCode,
            start: new Date(startMs).toISOString(),
            startMs,
            endMs: startMs + a.slotMinutes * 60_000,
            minutes: a.slotMinutes,
            seatsLeft,
            localDate: date,
            localTime: formatHhmm(m),
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

/** Seats taken, from booking rows, as the lookup `findFreeSlots` wants. */
export function takenLookup(rows: readonly { adviser_id: string; start_ms: number; n: number }[]): (adviserId: string, startMs: number) => number {
  const m = new Map<string, number>();
  for (const r of rows) m.set(`${r.adviser_id}|${r.start_ms}`, r.n);
  return (a, s) => m.get(`${a}|${s}`) ?? 0;
}
