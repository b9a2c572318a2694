import { describe, expect, it } from 'vitest';
import type { AdviserDiary } from '../../main/appointments/diaries';
import { findFreeSlots, slotLocalTime as time, slotStartIso as iso, suggestPair, takenLookup } from '../../main/appointments/slotFinder';

/** The slot finder on its own: grids, absences, capacity, closed days, and the FA-then-interview suggestion. */
const day = (blocks: [number, number][]) => [[], blocks, blocks, blocks, blocks, blocks] as [number, number][][];
const fa: AdviserDiary = { id: 'FA', officeCode: 'X', name: 'Fay', role: 'financialAssessor', slotMinutes: 20, stepMinutes: 20, capacity: 1, modes: ['inPerson'], hours: day([[540, 600]]), absences: [] };
const pa: AdviserDiary = { id: 'PA', officeCode: 'X', name: 'Pat', role: 'personalAdviser', slotMinutes: 40, stepMinutes: 60, capacity: 2, modes: ['inPerson'], hours: day([[570, 720]]), absences: [] };
const base = { advisers: [fa, pa], tz: 'Europe/London', closed: new Set<string>() };
const ms = (iso: string) => Date.parse(iso);

describe('findFreeSlots', () => {
  it('lays each adviser\'s grid over the working days, earliest first', () => {
    const s = findFreeSlots({ ...base, roles: ['financialAssessor'], fromMs: ms('2026-11-27T00:00:00Z'), toMs: ms('2026-12-01T00:00:00Z') });
    // Fri 27 Nov and Mon 30 Nov; 09:00–10:00 in 20-minute slots; nothing at the weekend.
    expect(s.map((x) => `${x.localDate} ${time(x)}`)).toEqual(['2026-11-27 09:00', '2026-11-27 09:20', '2026-11-27 09:40', '2026-11-30 09:00', '2026-11-30 09:20', '2026-11-30 09:40']);
  });

  it('skips closed dates, absences and full slots; capacity 2 means two seats', () => {
    const q = { roles: ['personalAdviser' as const], fromMs: ms('2026-11-24T00:00:00Z'), toMs: ms('2026-11-26T00:00:00Z') };
    const all = findFreeSlots({ ...base, ...q });
    expect(all.map((x) => `${x.localDate} ${time(x)} ${x.seatsLeft}`)).toEqual(['2026-11-24 09:30 2', '2026-11-24 10:30 2', '2026-11-25 09:30 2', '2026-11-25 10:30 2']);
    const taken = takenLookup([{ adviser_id: 'PA', start_ms: ms('2026-11-24T09:30:00Z'), n: 1 }, { adviser_id: 'PA', start_ms: ms('2026-11-24T10:30:00Z'), n: 2 }]);
    expect(findFreeSlots({ ...base, ...q, takenFor: taken }).map((x) => `${time(x)} ${x.seatsLeft}`)).toEqual(['09:30 1', '09:30 2', '10:30 2']);
    expect(findFreeSlots({ ...base, ...q, closed: new Set(['2026-11-24']) }).map((x) => x.localDate)).toEqual(['2026-11-25', '2026-11-25']);
    const away = { ...pa, absences: [{ from: '2026-11-25', to: '2026-11-25', reason: 'training' }] };
    expect(findFreeSlots({ ...base, ...q, advisers: [away] }).map((x) => x.localDate)).toEqual(['2026-11-24', '2026-11-24']);
  });

  it('honours a local-time filter (preferred hours) and the limit', () => {
    const s = findFreeSlots({ ...base, roles: ['financialAssessor'], fromMs: ms('2026-11-24T00:00:00Z'), toMs: ms('2026-12-24T00:00:00Z'), accept: (l) => l.minute >= 560, limit: 3 });
    expect(s.map((x) => `${x.localDate} ${time(x)}`)).toEqual(['2026-11-24 09:20', '2026-11-24 09:40', '2026-11-25 09:20']);
  });
});

describe('suggestPair', () => {
  it('the earliest FA slot with an interview after it the same day; else the next day', () => {
    const f = findFreeSlots({ ...base, roles: ['financialAssessor'], fromMs: ms('2026-11-24T00:00:00Z'), toMs: ms('2026-11-26T00:00:00Z') });
    const w = findFreeSlots({ ...base, roles: ['personalAdviser'], fromMs: ms('2026-11-24T00:00:00Z'), toMs: ms('2026-11-26T00:00:00Z') });
    const p = suggestPair(f, w)!;
    expect([iso(p.fa), iso(p.wfi)]).toEqual(['2026-11-24T09:00:00.000Z', '2026-11-24T09:30:00.000Z']);
    // Only late FA slots on the 24th: the interview must still come after the FA meeting.
    const late = f.filter((x) => time(x) === '09:40');
    const q = suggestPair(late, w)!;
    expect([iso(q.fa), iso(q.wfi)]).toEqual(['2026-11-24T09:40:00.000Z', '2026-11-24T10:30:00.000Z']);
    const noneSameDay = suggestPair(late.slice(0, 1), w.filter((x) => x.localDate === '2026-11-25'));
    expect(noneSameDay).toMatchObject({ fa: { localDate: '2026-11-24' }, wfi: { localDate: '2026-11-25' } });
    expect(suggestPair([], w)).toBeNull();
  });
});
