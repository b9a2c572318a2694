import type { IntakeBridge } from '../../machines/contract/api';
import { DayView } from './DayView';
import { HandoffsView } from './HandoffsView';
import { RecontactView } from './RecontactView';
import { ScheduleView } from './ScheduleView';

/** The Jobcentre's side of appointments, one tab each: in the FA workspace (own office) and for team leaders (any). */
export const JOBCENTRE_TABS = [
  { id: 'day', label: 'Day’s appointments' },
  { id: 'schedule', label: 'IB interview schedule' },
  { id: 'handoffs', label: 'Hand-offs' },
  { id: 'recontact', label: 'Re-contact' },
] as const;
export type JobcentreTabId = (typeof JOBCENTRE_TABS)[number]['id'];

export const isJobcentreTab = (id: string): id is JobcentreTabId => JOBCENTRE_TABS.some((t) => t.id === id);

export function JobcentreTab({ tab, bridge, officeCode }: { tab: JobcentreTabId; bridge: IntakeBridge; officeCode: string }) {
  switch (tab) {
    case 'day':
      return <DayView bridge={bridge} officeCode={officeCode} />;
    case 'schedule':
      return <ScheduleView bridge={bridge} officeCode={officeCode} />;
    case 'handoffs':
      return <HandoffsView bridge={bridge} officeCode={officeCode} />;
    case 'recontact':
      return <RecontactView bridge={bridge} officeCode={officeCode} />;
  }
}
