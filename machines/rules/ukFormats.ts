/** UK identifier and date formats, kept beside the answers they check (as DWP's CASA does). */

const NINO_PREFIX_NEVER = new Set(['BG', 'GB', 'NK', 'KN', 'TN', 'NT', 'ZZ']);

/** Returns the NINO in canonical form (QQ123456C) or null. Spaces and lower case are accepted on the phone. */
export function normaliseNino(raw: string): string | null {
  const s = raw.replace(/\s+/g, '').toUpperCase();
  const m = /^([A-CEGHJ-PR-TW-Z])([A-CEGHJ-NPR-TW-Z])(\d{6})([A-D])$/.exec(s);
  if (!m) return null;
  if (NINO_PREFIX_NEVER.has(`${m[1]}${m[2]}`)) return null;
  return s;
}

/** Returns the postcode in canonical form ("SW1A 1AA") or null. */
export function normalisePostcode(raw: string): string | null {
  const s = raw.replace(/\s+/g, '').toUpperCase();
  if (!/^[A-Z]{1,2}[0-9][A-Z0-9]?[0-9][A-Z]{2}$/.test(s)) return null;
  return `${s.slice(0, -3)} ${s.slice(-3)}`;
}

export function outcodeOf(postcode: string): string {
  return postcode.split(' ')[0] ?? postcode;
}

/** UK landline or mobile: 10–11 digits starting 0, or +44 followed by 9–10 digits. Returns digits only, 0-prefixed. */
export function normalisePhone(raw: string): string | null {
  const s = raw.replace(/[\s\-()]/g, '');
  const international = /^\+44(\d{9,10})$/.exec(s);
  const digits = international ? `0${international[1]}` : s;
  return /^0\d{9,10}$/.test(digits) ? digits : null;
}

/**
 * A stored phone number (digits, 0-prefixed) grouped the way it is said aloud, so a Jobcentre adviser can read it off
 * the screen without miscounting: London-style 02x numbers 3-4-4, the big-city codes (011x, 01x1) and 03/08/09
 * numbers 4-3-4, mobiles and other area codes 5-6, 10-digit numbers 5-5 (or 4-3-3 for 0800/0500). Anything else is
 * returned as it is.
 */
export function phoneForReading(digits: string): string {
  const g = (...sizes: number[]) => {
    const out: string[] = [];
    let i = 0;
    for (const n of sizes) out.push(digits.slice(i, (i += n)));
    return out.join(' ');
  };
  if (!/^0\d{9,10}$/.test(digits)) return digits;
  if (digits.length === 10) return /^0[58]00/.test(digits) ? g(4, 3, 3) : g(5, 5);
  if (digits.startsWith('02')) return g(3, 4, 4);
  if (/^01(1\d|\d1)/.test(digits) || /^0[389]/.test(digits)) return g(4, 3, 4);
  return g(5, 6);
}

/** A real calendar date in ISO form (YYYY-MM-DD), or null. */
export function parseIsoDate(raw: string): string | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(raw.trim());
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d) return null;
  if (y < 1900 || y > 2100) return null;
  return raw.trim();
}

export function addDays(isoDate: string, days: number): string {
  const d = new Date(`${isoDate}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

export function daysBetween(fromIso: string, toIso: string): number {
  return Math.round((Date.parse(`${toIso}T00:00:00Z`) - Date.parse(`${fromIso}T00:00:00Z`)) / 86_400_000);
}
