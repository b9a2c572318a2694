import { describe, expect, it } from 'vitest';
import { addDays, normaliseNino, normalisePhone, normalisePostcode, parseIsoDate, phoneForReading } from '../../machines/rules/ukFormats';

describe('National Insurance numbers', () => {
  it.each([
    ['AB123456C', 'AB123456C'],
    ['ab 12 34 56 c', 'AB123456C'],
    ['JT 65 43 21 D', 'JT654321D'],
  ])('accepts %s', (raw, canonical) => expect(normaliseNino(raw)).toBe(canonical));
  it.each(['QQ123456C', 'AB123456E', 'GB123456A', 'NK123456A', 'AO123456A', 'DA123456A', 'AB12345C', 'AB1234567C', ''])('refuses %s', (raw) =>
    expect(normaliseNino(raw)).toBeNull(),
  );
});

describe('postcodes', () => {
  it.each([
    ['sw1a1aa', 'SW1A 1AA'],
    [' LS1  4AP ', 'LS1 4AP'],
    ['M1 1AE', 'M1 1AE'],
    ['EC1A 1BB', 'EC1A 1BB'],
  ])('normalises %s', (raw, canonical) => expect(normalisePostcode(raw)).toBe(canonical));
  it.each(['1AA 1AA', 'LS1', 'LS1 4A', 'NOT A POSTCODE', 'LS14APP'])('refuses %s', (raw) => expect(normalisePostcode(raw)).toBeNull());
});

describe('phone numbers', () => {
  it.each([
    ['0113 496 0000', '01134960000'],
    ['+44 7700 900123', '07700900123'],
    ['(0161) 496-0000', '01614960000'],
  ])('accepts %s', (raw, canonical) => expect(normalisePhone(raw)).toBe(canonical));
  it.each(['12345', '0800', '+33 1 23 45 67 89', 'phone'])('refuses %s', (raw) => expect(normalisePhone(raw)).toBeNull());
  it.each([
    ['02079460000', '020 7946 0000'],
    ['01134960000', '0113 496 0000'],
    ['01614960000', '0161 496 0000'],
    ['03001234567', '0300 123 4567'],
    ['08081570192', '0808 157 0192'],
    ['07700900123', '07700 900123'],
    ['01632960000', '01632 960000'],
    ['0800123456', '0800 123 456'],
    ['0169772345', '01697 72345'],
    // Not a stored number: shown as it is rather than grouped wrongly.
    ['12345', '12345'],
  ])('reads %s aloud as %s', (digits, spoken) => expect(phoneForReading(digits)).toBe(spoken));
});

describe('dates', () => {
  it('accepts real dates and refuses impossible ones', () => {
    expect(parseIsoDate('2024-02-29')).toBe('2024-02-29');
    expect(parseIsoDate('2023-02-29')).toBeNull();
    expect(parseIsoDate('2026-13-01')).toBeNull();
    expect(parseIsoDate('23/11/2026')).toBeNull();
  });
  it('adds days across month and year ends', () => {
    expect(addDays('2026-11-23', 56)).toBe('2027-01-18');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
  });
});
