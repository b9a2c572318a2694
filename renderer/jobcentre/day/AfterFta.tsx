import type { IntakeBridge } from '../../../machines/contract/api';
import type { AttendanceResult, BookingView } from '../../../machines/contract/api/appointments';
import { ChoiceForm } from './ChoiceForm';
import { FOLLOW_UP_LABELS, followUpLabel, type FollowUp } from './labels';
import { Rebook } from './Rebook';
import type { Err } from './types';

const ALL_FOLLOW_UPS = Object.keys(FOLLOW_UP_LABELS) as FollowUp[];

/** What may happen after a failure to attend: a re-book within the benefit's limit, and the follow-up recorded. */
export function AfterFta({ bridge, booking, afterFta, idBase, who, onChanged, onRebooked }: {
  bridge: IntakeBridge;
  booking: BookingView;
  afterFta: AttendanceResult['afterFta'];
  idBase: string;
  who: string;
  onChanged: (message: string) => void;
  onRebooked: (to: BookingView) => void;
}) {
  const followUps = afterFta?.followUps ?? ALL_FOLLOW_UPS;
  const blocked =
    afterFta && !afterFta.canRebook
      ? `No re-book left: ${afterFta.rebooksUsed} of ${afterFta.rebookLimit} used for this benefit. Record a follow-up instead (home visit, telephone interview or sanction referral).`
      : null;

  const followUp = async (action: FollowUp, note: string): Promise<Err> => {
    const r = await bridge.invoke('appointments.fta.followUp', { bookingId: booking.bookingId, action, note });
    if (!r.ok) return r.error;
    onChanged(`Follow-up for ${who}: ${followUpLabel(action)}.`);
    return null;
  };

  return (
    <section className="jc-after-fta" aria-labelledby={`${idBase}-title`}>
      <h3 id={`${idBase}-title`}>After the failure to attend</h3>
      {afterFta && (
        <p>
          Re-books used: {afterFta.rebooksUsed} of {afterFta.rebookLimit}. {afterFta.canRebook ? 'A re-book is allowed.' : 'No re-book is allowed.'}
        </p>
      )}
      {booking.followUp && <p>Follow-up recorded: {followUpLabel(booking.followUp)}.</p>}
      <ChoiceForm
        idBase={`${idBase}-follow`}
        legend="Follow-up"
        options={followUps.map((f) => ({ value: f, label: FOLLOW_UP_LABELS[f] }))}
        noteLabel="Follow-up note (optional)"
        submitLabel="Record follow-up"
        onSubmit={followUp}
      />
      {afterFta?.rebookedAs ? (
        <p>Re-booked: {afterFta.rebookedAs}. It is on the list for that day.</p>
      ) : (
        <Rebook bridge={bridge} booking={booking} idBase={`${idBase}-rebook`} blockedReason={blocked} onRebooked={onRebooked} />
      )}
    </section>
  );
}
