import type { CallContext, DeferralDetails } from '../contract/callTypes';
import type { CallError } from '../contract/errors';

/** Longest deferral the desk accepts without a team leader (PF:956: no automatic long deferrals). */
export const MAX_DEFERRAL_DAYS = 182;

/** Every deferral carries: claim pack sent, PA allocated, PA contact given, review date set (PF:958, PF:992). */
export function checkDeferral(d: DeferralDetails, ctx: CallContext): CallError | null {
  if (!d.claimPackSent) return { code: 'invalid_booking', message: 'A deferral needs the claim pack sent to the customer.', field: 'deferral.claimPackSent' };
  if (d.paAllocated.trim().length < 2) return { code: 'invalid_booking', message: 'Name the Personal Adviser allocated to the customer.', field: 'deferral.paAllocated' };
  if (!d.paContactGiven) return { code: 'invalid_booking', message: 'Give the customer the Personal Adviser\'s contact details before deferring.', field: 'deferral.paContactGiven' };
  if (d.untilDate <= ctx.claimDate) return { code: 'invalid_booking', message: 'The deferral must end after the claim date.', field: 'deferral.untilDate' };
  if (d.reviewDate < ctx.claimDate || d.reviewDate > d.untilDate)
    return { code: 'invalid_booking', message: 'Set a review date between the claim date and the end of the deferral, so the customer is re-contacted in time.', field: 'deferral.reviewDate' };
  const days = (Date.parse(d.untilDate) - Date.parse(ctx.claimDate)) / 86_400_000;
  if (days > MAX_DEFERRAL_DAYS && !d.authorisedBy)
    return { code: 'invalid_booking', message: `Deferrals longer than ${MAX_DEFERRAL_DAYS} days need a team leader's authorisation.`, field: 'deferral.authorisedBy' };
  return null;
}
