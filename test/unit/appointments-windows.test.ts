import { describe, expect, it } from 'vitest';
import {
  checkDateInWindow,
  claimDayOf,
  claimWindow,
  dateOfClaimDay,
  formatLocal,
  localToUtcMs,
  signingDayReviews,
  toLocal,
  weekdayOf,
  workingDaysLeft,
} from '../../machines/rules/windows';

/** Window arithmetic: day 1 is the claim date; the IB window is days 57–91 (IDT:226); weekends shrink it inwards. */

describe('claim days', () => {
  it('day 1 is the claim date; day 57 is eight weeks on; day 91 is the end of week 13', () => {
    expect(claimDayOf('2026-11-23', '2026-11-23')).toBe(1);
    expect(dateOfClaimDay('2026-11-23', 1)).toBe('2026-11-23');
    expect(dateOfClaimDay('2026-11-23', 56)).toBe('2027-01-17');
    expect(dateOfClaimDay('2026-11-23', 57)).toBe('2027-01-18');
    expect(dateOfClaimDay('2026-11-23', 91)).toBe('2027-02-21');
    expect(dateOfClaimDay('2026-11-23', 92)).toBe('2027-02-22');
    expect(claimDayOf('2026-11-23', '2027-01-18')).toBe(57);
    // Across a leap day.
    expect(dateOfClaimDay('2028-01-10', 57)).toBe('2028-03-06');
    expect(claimDayOf('2028-01-10', '2028-03-06')).toBe(57);
  });
});

describe('the IB window, days 57–91', () => {
  // Claim on a Monday: day 57 is a Monday, day 91 a Sunday.
  const w = claimWindow('2026-11-23', [57, 91]);

  it('day 56 is refused (never before week eight), day 57 accepted', () => {
    expect(checkDateInWindow('2027-01-17', w)).toMatchObject({ kind: 'beforeWindow' });
    expect(checkDateInWindow('2027-01-17', w)!.message).toMatch(/day 56 of the claim: the window opens on day 57 \(Mon 18 Jan 2027\)/);
    expect(checkDateInWindow('2027-01-18', w)).toBeNull();
  });

  it('day 91 falls on a Sunday: the last bookable day is Friday (day 89); day 92 is after the window', () => {
    expect(w).toMatchObject({ from: '2027-01-18', to: '2027-02-21', bookableFrom: '2027-01-18', bookableTo: '2027-02-19', startMoved: false, endMoved: true });
    expect(weekdayOf('2027-02-21')).toBe(7);
    expect(checkDateInWindow('2027-02-21', w)).toMatchObject({ kind: 'closedDay' });
    expect(checkDateInWindow('2027-02-20', w)).toMatchObject({ kind: 'closedDay' });
    expect(checkDateInWindow('2027-02-19', w)).toBeNull();
    expect(checkDateInWindow('2027-02-22', w)).toMatchObject({ kind: 'afterWindow' });
    expect(checkDateInWindow('2027-02-22', w)!.message).toMatch(/day 92 of the claim: the window closes on day 91 \(Fri 19 Feb 2027\)/);
  });

  it('a window that opens on a Saturday opens on the Monday after, never the Friday before', () => {
    const sat = claimWindow('2026-11-28', [57, 91]); // claim on a Saturday: day 57 is Sat 23 Jan 2027
    expect(sat.from).toBe('2027-01-23');
    expect(sat.bookableFrom).toBe('2027-01-25');
    expect(sat.startMoved).toBe(true);
    expect(checkDateInWindow('2027-01-22', sat)).toMatchObject({ kind: 'beforeWindow' });
    // Day 91 is a Friday: not moved.
    expect(sat.to).toBe('2027-02-26');
    expect(sat.bookableTo).toBe('2027-02-26');
  });

  it('a window ending on a Saturday closes on the Friday (claim on a Sunday)', () => {
    const sun = claimWindow('2026-11-29', [57, 91]);
    expect(weekdayOf(sun.to)).toBe(6);
    expect(sun.bookableTo).toBe('2027-02-26');
    expect(sun.bookableFrom).toBe('2027-01-25'); // day 57 is a Sunday → Monday
  });

  it('bank holidays at the edges move them inwards too', () => {
    // Claim Fri 30 Oct 2026: day 57 is Fri 25 Dec (closed); 28 Dec is the Boxing Day substitute; so Tue 29 Dec.
    const xmas = claimWindow('2026-10-30', [57, 91], ['2026-12-25', '2026-12-28']);
    expect(xmas.from).toBe('2026-12-25');
    expect(xmas.bookableFrom).toBe('2026-12-29');
    expect(checkDateInWindow('2026-12-28', xmas, ['2026-12-25', '2026-12-28'])).toMatchObject({ kind: 'closedDay' });
  });

  it('a window with no working day has no bookable range', () => {
    const w2 = claimWindow('2026-11-28', [1, 2]); // Sat + Sun
    expect(w2.bookableFrom).toBeNull();
    expect(w2.bookableTo).toBeNull();
  });

  it('counts the working days left for the "window at risk" warning', () => {
    expect(workingDaysLeft('2027-02-15', w)).toBe(5); // Mon 15 … Fri 19 Feb
    expect(workingDaysLeft('2027-02-20', w)).toBe(0);
    expect(workingDaysLeft('2026-12-01', w)).toBe(25); // before the window: the whole window
  });
});

describe('Jobcentre local time', () => {
  it('GMT in winter, BST in summer', () => {
    expect(new Date(localToUtcMs('2026-11-24', 10 * 60, 'Europe/London')).toISOString()).toBe('2026-11-24T10:00:00.000Z');
    expect(new Date(localToUtcMs('2027-06-01', 9 * 60 + 30, 'Europe/London')).toISOString()).toBe('2027-06-01T08:30:00.000Z');
    expect(toLocal('2027-06-01T08:30:00.000Z', 'Europe/London')).toEqual({ date: '2027-06-01', minute: 9 * 60 + 30, weekday: 2 });
    expect(formatLocal('2027-06-01T08:30:00.000Z', 'Europe/London')).toBe('Tue 1 Jun 2027 09:30');
    // The day after the clocks go forward (Sun 28 Mar 2027).
    expect(new Date(localToUtcMs('2027-03-29', 9 * 60, 'Europe/London')).toISOString()).toBe('2027-03-29T08:00:00.000Z');
    expect(new Date(localToUtcMs('2027-03-26', 9 * 60, 'Europe/London')).toISOString()).toBe('2027-03-26T09:00:00.000Z');
  });
});

describe('signing-day reviews (jobseekers)', () => {
  it('13 and 26 weeks from the claim, on the next signing day', () => {
    expect(signingDayReviews('2026-11-23', 4, [13, 26])).toEqual(['2027-02-25', '2027-05-27']);
    // Due on the signing day itself: that day.
    expect(signingDayReviews('2026-11-23', 1, [13])).toEqual(['2027-02-22']);
    // A closed signing day moves to the next working day.
    expect(signingDayReviews('2026-09-28', 1, [13], ['2026-12-28'])).toEqual(['2026-12-29']);
  });
});
