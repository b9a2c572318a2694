import { UK_TIME_ZONE } from '../../machines/rules/windows';

/** UK dates and times for the FA screens, always in UK time. */
const TZ = UK_TIME_ZONE;
const dateFmt = new Intl.DateTimeFormat('en-GB', { timeZone: TZ, weekday: 'short', day: 'numeric', month: 'short', year: 'numeric' });
const timeFmt = new Intl.DateTimeFormat('en-GB', { timeZone: TZ, hour: '2-digit', minute: '2-digit' });

export const ukDay = (isoDate: string) => dateFmt.format(new Date(`${isoDate}T12:00:00Z`)).replace(',', '');
export const ukWhen = (iso: string) => `${dateFmt.format(new Date(iso)).replace(',', '')} ${timeFmt.format(new Date(iso))}`;
export const percent = (share: number | null) => (share === null ? '—' : `${Math.round(share * 100)}%`);

export const STATE_LABELS = {
  awaiting: 'Not checked yet',
  evidenceRequested: 'More evidence requested',
  ready: 'Ready to process',
  didNotAttend: 'Did not attend',
} as const;

export const MARK_LABELS = { seen: 'Seen', missing: 'Missing', requested: 'Requested' } as const;
