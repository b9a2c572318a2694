import { formatHhmm, localToUtcMs, toLocal, UK_TIME_ZONE } from '../../machines/rules/windows';

/**
 * Display helpers. Pure; no clock. Times are always UK (Europe/London) wall-clock times, whatever zone the desk
 * machine is set to: managed desktops are often left on UTC, which is an hour out all summer, and the FCO reads
 * these times to the customer.
 */

/** "2026-11-23" → "23/11/2026" (how UK staff read and type dates). */
export function isoToUk(iso: string | null | undefined): string {
  const m = typeof iso === 'string' ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso) : null;
  return m ? `${m[3]}/${m[2]}/${m[1]}` : (iso ?? '');
}

/**
 * What the FCO typed as a date → ISO "YYYY-MM-DD", or null when it is not in a date shape at all.
 * Accepts DD/MM/YYYY (also with "-", "." or spaces) and ISO. Whether the date is real is the server's call.
 */
export function ukToIso(text: string): string | null {
  const t = text.trim();
  if (/^\d{4}-\d{2}-\d{2}$/.test(t)) return t;
  const m = /^(\d{1,2})[/.\- ](\d{1,2})[/.\- ](\d{4})$/.exec(t);
  return m ? `${m[3]}-${m[2]!.padStart(2, '0')}-${m[1]!.padStart(2, '0')}` : null;
}

/** Adds days to an ISO date without touching the clock (UTC arithmetic, so no DST drift). */
export function addDaysIso(iso: string, days: number): string {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** An ISO instant as UK "23/11/2026 09:30". */
export function formatDateTime(iso: string): string {
  if (Number.isNaN(Date.parse(iso))) return iso;
  const l = toLocal(iso, UK_TIME_ZONE);
  return `${isoToUk(l.date)} ${formatHhmm(l.minute)}`;
}

/** An ISO instant as the value of a datetime-local field in UK time ("2026-11-24T09:30"). */
export function instantToUkField(iso: string): string {
  const l = toLocal(iso, UK_TIME_ZONE);
  return `${l.date}T${formatHhmm(l.minute)}`;
}

/** A datetime-local value read as UK time → ISO instant, or null when the field is empty or not a date and time. */
export function ukFieldToInstant(value: string): string | null {
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})/.exec(value);
  if (!m || Number.isNaN(Date.parse(`${m[1]}T00:00:00Z`))) return null;
  return new Date(localToUtcMs(m[1]!, Number(m[2]) * 60 + Number(m[3]), UK_TIME_ZONE)).toISOString();
}

/** Kilometres with miles alongside: staff and customers think in miles, the directory computes kilometres. */
export function formatDistance(km: number): string {
  return `${km.toFixed(1)} km (${(km / 1.609344).toFixed(1)} miles)`;
}

/** "ibEmployerName" → "Employer name": question ids are all the desk knows about answers off the current step. */
export function humaniseId(id: string): string {
  const words = id
    .replace(/^(ib|jsa|lp|hb|carer)(?=[A-Z])/, '')
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** Seconds → "4:05" or "1:02:03". */
export function formatDuration(totalSeconds: number): string {
  const s = Math.max(0, Math.floor(totalSeconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${sec}` : `${m}:${sec}`;
}

export const END_REASONS = [
  { code: 'callerHungUp', label: 'Caller hung up' },
  { code: 'customerDeclined', label: 'Customer declined to continue' },
  { code: 'transferred', label: 'Transferred to another service' },
  { code: 'lineFault', label: 'Line fault' },
  { code: 'other', label: 'Other' },
] as const;
export type EndReason = (typeof END_REASONS)[number]['code'];
