import { afterEach, describe, expect, it, vi } from 'vitest';
import { compareClock } from '../../machines/rules/audit';
import { addDays } from '../../machines/rules/ukFormats';
import { londonDay, londonDayStartMs } from '../../machines/rules/windows';
import { isoDay } from '../../main/jobsearch/inCall';
import { ukIsoDate } from '../../main/letters/ukDates';
import { day, today, when } from '../../renderer/audit/util';
import { formatDateTime, instantToUkField, ukFieldToInstant } from '../../renderer/desk/format';

/**
 * Every day the product takes from an instant is the UK (Europe/London) day. In British Summer Time the UTC day is an
 * hour behind: 00:30 BST on 1 June 2026 is 23:30 UTC on 31 May. The clocks change at 01:00 UTC on the last Sunday of
 * March (29 Mar 2026) and of October (25 Oct 2026).
 */
describe('londonDay', () => {
  it('is the London day in summer, an hour ahead of the UTC day around midnight', () => {
    expect(londonDay('2026-06-01T00:30:00+01:00')).toBe('2026-06-01');
    expect(londonDay('2026-05-31T23:30:00Z')).toBe('2026-06-01');
    expect(londonDay('2026-05-31T22:59:59.999Z')).toBe('2026-05-31');
    expect(londonDay('2026-05-31T23:00:00.000Z')).toBe('2026-06-01');
  });

  it('is the UTC day in winter (GMT)', () => {
    expect(londonDay('2026-11-23T23:30:00Z')).toBe('2026-11-23');
    expect(londonDay('2026-11-24T00:00:00Z')).toBe('2026-11-24');
  });

  it('on the day the clocks go forward (Sun 29 Mar 2026, 01:00 UTC)', () => {
    expect(londonDay('2026-03-28T23:30:00Z')).toBe('2026-03-28'); // 23:30 GMT Saturday
    expect(londonDay('2026-03-29T00:30:00Z')).toBe('2026-03-29'); // 00:30 GMT
    expect(londonDay('2026-03-29T01:30:00Z')).toBe('2026-03-29'); // 02:30 BST
    expect(londonDay('2026-03-29T22:59:00Z')).toBe('2026-03-29'); // 23:59 BST
    expect(londonDay('2026-03-29T23:30:00Z')).toBe('2026-03-30'); // 00:30 BST Monday
  });

  it('on the day the clocks go back (Sun 25 Oct 2026, 01:00 UTC)', () => {
    expect(londonDay('2026-10-24T22:30:00Z')).toBe('2026-10-24'); // 23:30 BST Saturday
    expect(londonDay('2026-10-24T23:30:00Z')).toBe('2026-10-25'); // 00:30 BST Sunday
    expect(londonDay('2026-10-25T00:30:00Z')).toBe('2026-10-25'); // 01:30 BST, the first time round
    expect(londonDay('2026-10-25T01:30:00Z')).toBe('2026-10-25'); // 01:30 GMT, the second time round
    expect(londonDay('2026-10-25T23:30:00Z')).toBe('2026-10-25'); // 23:30 GMT Sunday
  });

  it('takes ms and Dates; a bare date is already a day; a non-instant is refused', () => {
    expect(londonDay(Date.parse('2026-05-31T23:30:00Z'))).toBe('2026-06-01');
    expect(londonDay(new Date('2026-05-31T23:30:00Z'))).toBe('2026-06-01');
    expect(londonDay('2026-06-01')).toBe('2026-06-01');
    expect(() => londonDay('not a date')).toThrow(RangeError);
  });

  it('the letters and the job search take the same day', () => {
    expect(ukIsoDate('2026-05-31T23:30:00Z')).toBe('2026-06-01');
    expect(isoDay(new Date('2026-05-31T23:30:00Z'))).toBe('2026-06-01');
    expect(isoDay(new Date('2026-11-23T23:30:00Z'))).toBe('2026-11-23');
  });
});

describe('londonDayStartMs: the instant a London day begins', () => {
  const start = (d: string) => new Date(londonDayStartMs(d)).toISOString();
  it('is 23:00 UTC the evening before in summer, midnight UTC in winter, right on both clock-change days', () => {
    expect(start('2026-06-01')).toBe('2026-05-31T23:00:00.000Z');
    expect(start('2026-11-23')).toBe('2026-11-23T00:00:00.000Z');
    expect(start('2026-03-29')).toBe('2026-03-29T00:00:00.000Z'); // the clocks go forward later that night
    expect(start('2026-03-30')).toBe('2026-03-29T23:00:00.000Z');
    expect(start('2026-10-25')).toBe('2026-10-24T23:00:00.000Z'); // still BST at that midnight
    expect(start('2026-10-26')).toBe('2026-10-26T00:00:00.000Z');
  });

  it('agrees with londonDay for every day of a year', () => {
    for (let d = '2026-01-01'; d <= '2027-01-01'; d = addDays(d, 1)) {
      const ms = londonDayStartMs(d);
      expect(londonDay(ms)).toBe(d);
      expect(londonDay(ms - 1)).toBe(addDays(d, -1));
    }
  });
});

describe('the audit clock comparison counts a correction on its London day', () => {
  it('a correction at 00:30 BST on 3 June restarts the old-rule clock on 3 June, not 2 June', () => {
    const c = compareClock('2026-06-01', [57, 91], ['2026-06-02T23:30:00.000Z']);
    expect(c.oldRule?.clockStart).toBe('2026-06-03');
    expect(c.shiftDays).toBe(2);
  });
});

describe('audit screen dates', () => {
  const tz = process.env.TZ;
  afterEach(() => {
    vi.useRealTimers();
    if (tz === undefined) delete process.env.TZ;
    else process.env.TZ = tz;
  });

  it('shows a date as it is and an instant on its London day', () => {
    expect(day('2026-06-01')).toBe('1 Jun 2026');
    expect(day('2026-11-23')).toBe('23 Nov 2026');
    expect(day('2026-05-31T23:30:00.000Z')).toBe('1 Jun 2026');
    expect(day('2026-11-23T23:30:00.000Z')).toBe('23 Nov 2026');
  });

  it('"today" is the London day, whatever zone the machine is set to', () => {
    process.env.TZ = 'UTC';
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-05-31T23:30:00Z'));
    expect(today()).toBe('2026-06-01');
    vi.setSystemTime(new Date('2026-11-23T23:30:00Z'));
    expect(today()).toBe('2026-11-23');
  });
});

describe('times the desk shows and takes are UK times, whatever zone the desk machine is set to', () => {
  const tz = process.env.TZ;
  afterEach(() => {
    if (tz === undefined) delete process.env.TZ;
    else process.env.TZ = tz;
  });

  for (const machineZone of ['UTC', 'America/New_York', 'Europe/London']) {
    it(`on a machine set to ${machineZone}`, () => {
      process.env.TZ = machineZone;
      // A summer meeting at 10:00 BST is 09:00 UTC: the FCO must read "10:00" to the customer.
      expect(formatDateTime('2026-06-02T09:00:00.000Z')).toBe('02/06/2026 10:00');
      expect(instantToUkField('2026-06-02T09:00:00.000Z')).toBe('2026-06-02T10:00');
      expect(ukFieldToInstant('2026-06-02T10:00')).toBe('2026-06-02T09:00:00.000Z');
      expect(when('2026-06-02T09:00:00.000Z')).toBe('2 Jun 2026, 10:00');
      // Winter: UK time is UTC.
      expect(formatDateTime('2026-11-24T09:30:00.000Z')).toBe('24/11/2026 09:30');
      expect(ukFieldToInstant(instantToUkField('2026-11-24T09:30:00.000Z'))).toBe('2026-11-24T09:30:00.000Z');
      expect(ukFieldToInstant('')).toBeNull();
      expect(ukFieldToInstant('not a time')).toBeNull();
    });
  }
});
