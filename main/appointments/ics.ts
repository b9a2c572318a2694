/**
 * One appointment as an iCalendar (RFC 5545) entry, for the customer's or the adviser's calendar. Times are UTC
 * (DTSTART:…Z) so no VTIMEZONE block is needed. Nothing sensitive goes in: no health condition, no NINO, no name —
 * only where, when, with whom (role), what to bring, and the claim reference.
 */

export interface IcsInput {
  bookingId: string;
  callId: string;
  kind: 'fa' | 'wfi';
  start: string;
  minutes: number;
  mode: 'inPerson' | 'telephone' | 'homeVisit';
  status: 'booked' | 'attended' | 'fta' | 'cancelled';
  adviserRole: string;
  office: { code: string; name: string; address: string; postcode: string } | null;
  bring: string[];
  /** When the entry was produced (DTSTAMP). */
  stamp: string;
  /** Bumped when the booking changes, so calendars replace the old entry. */
  sequence: number;
}

const utc = (iso: string) => new Date(iso).toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');

/** TEXT escaping (RFC 5545 §3.3.11). */
export function escapeText(s: string): string {
  return s.replace(/\\/g, '\\\\').replace(/;/g, '\\;').replace(/,/g, '\\,').replace(/\r?\n/g, '\\n');
}

/** Folds a content line at 75 octets (§3.1), never inside a UTF-8 character. */
export function foldLine(line: string): string {
  const out: string[] = [];
  let cur = '';
  let octets = 0;
  for (const ch of line) {
    const n = Buffer.byteLength(ch, 'utf8');
    const limit = out.length === 0 ? 75 : 74; // continuation lines start with a space
    if (octets + n > limit) {
      out.push(cur);
      cur = '';
      octets = 0;
    }
    cur += ch;
    octets += n;
  }
  out.push(cur);
  return out.join('\r\n ');
}

export function toIcs(x: IcsInput): string {
  const end = new Date(Date.parse(x.start) + x.minutes * 60_000).toISOString();
  const what = x.kind === 'fa' ? 'Financial Assessor meeting' : 'Work Focused Interview';
  const how = x.mode === 'telephone' ? ' (by telephone)' : x.mode === 'homeVisit' ? ' (home visit)' : '';
  const where = x.mode === 'inPerson' && x.office ? `${x.office.name}, ${x.office.address}, ${x.office.postcode}` : x.mode === 'homeVisit' ? 'At home' : 'By telephone';
  const description = [
    `${what}${how} with a ${x.adviserRole}${x.office ? ` at ${x.office.name}` : ''}.`,
    x.kind === 'fa' ? 'The Financial Assessor meeting comes first; the interview with the Personal Adviser follows.' : '',
    x.bring.length ? `Please bring: ${x.bring.join('; ')}.` : '',
    `Claim reference: ${x.callId}.`,
    'If you cannot come, call the contact centre before the appointment.',
  ]
    .filter(Boolean)
    .join('\n');
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Claim intake//Appointments//EN',
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    'BEGIN:VEVENT',
    `UID:${x.bookingId}@claim-intake`,
    `DTSTAMP:${utc(x.stamp)}`,
    `DTSTART:${utc(x.start)}`,
    `DTEND:${utc(end)}`,
    `SEQUENCE:${x.sequence}`,
    `STATUS:${x.status === 'cancelled' ? 'CANCELLED' : 'CONFIRMED'}`,
    `SUMMARY:${escapeText(`${what}${how}${x.office ? ` – ${x.office.name}` : ''}`)}`,
    `LOCATION:${escapeText(where)}`,
    `DESCRIPTION:${escapeText(description)}`,
    'TRANSP:OPAQUE',
    'BEGIN:VALARM',
    'ACTION:DISPLAY',
    'TRIGGER:-P1D',
    `DESCRIPTION:${escapeText(`Tomorrow: ${what}`)}`,
    'END:VALARM',
    'END:VEVENT',
    'END:VCALENDAR',
  ];
  return `${lines.map(foldLine).join('\r\n')}\r\n`;
}
