import type { SessionUser } from '../../../machines/contract/api';
import { fail } from '../../../machines/contract/errors';
import type { App } from '../../app';
import { appointmentsFor, installAppointments, type AppointmentService } from '../../appointments/service';
import type { Handlers } from '../router';

/** Handlers for the channels in machines/contract/api/appointments.ts. */
export function appointmentsHandlers(app: App): Handlers {
  // main/app.ts installs the service (and its append hook) when the app opens; this is only a fallback.
  const svc = (): AppointmentService =>
    appointmentsFor(app.calls) ?? installAppointments({ db: app.db, scripts: app.scripts, calls: app.calls, clock: app.clock, notify: app.notify });

  /** FCOs see their own calls; financial assessors and team leaders see any. */
  const ownCall = (user: SessionUser, callId: string) => {
    const rec = app.calls.storedRecord(callId);
    if (!rec) return fail('unknown_call', `No call with id "${callId}".`);
    if (user.role === 'fco' && rec.fcoId !== user.userId) return fail('forbidden', 'This call belongs to another FCO.');
    return null;
  };
  const ownBooking = (user: SessionUser, bookingId: string) => {
    const b = svc().booking(bookingId);
    if (!b) return fail('invalid_payload', `No booking "${bookingId}".`, 'bookingId');
    return ownCall(user, b.callId);
  };

  /**
   * A financial assessor works for one Jobcentre: its lists and its appointments, not another office's (the evidence
   * area does the same). Team leaders see every office. Unknown calls and bookings fall through to the service's error.
   */
  const atOwnOffice = (user: SessionUser, officeOf: () => string | null | undefined) => {
    // Only an FA is limited, so only an FA's request pays for finding the office.
    if (user.role !== 'fa') return null;
    const officeCode = officeOf();
    if (!officeCode || officeCode === user.officeCode) return null;
    return fail('forbidden', `That is for ${officeCode}; your account works at ${user.officeCode ?? 'no Jobcentre'}.`);
  };
  const officeOfCall = (callId: string) => () => app.calls.storedRecord(callId)?.markers.jobcentre.confirmed?.code ?? null;
  const officeOfHandoff = (callId: string) => () => svc().handoffs.officeOf(callId);
  const ownOfficeBooking = (user: SessionUser, bookingId: string) => atOwnOffice(user, () => svc().booking(bookingId)?.officeCode);
  const the = (officeCode: string | undefined) => () => officeCode;

  return {
    'appointments.options': (req, ctx) => ownCall(ctx.user!, req.callId) ?? svc().options(req.callId),
    'appointments.freeSlots': (req, ctx) =>
      ownCall(ctx.user!, req.callId) ??
      svc().freeSlots(req.callId, {
        ...(req.from ? { from: req.from } : {}),
        days: req.days,
        ignorePreferredHours: req.ignorePreferredHours,
        ...(req.weekday ? { weekday: req.weekday } : {}),
        mode: req.mode,
        limit: req.limit,
      }),
    'appointments.deferralPreview': (req, ctx) =>
      ownCall(ctx.user!, req.callId) ??
      svc().deferralPreview(req.callId, {
        reason: req.reason,
        ...(req.certificateTo ? { certificateTo: req.certificateTo } : {}),
        ...(req.programmeEndDate ? { programmeEndDate: req.programmeEndDate } : {}),
        ...(req.untilDate ? { untilDate: req.untilDate } : {}),
      }),
    'appointments.deferral.requestAuthorisation': (req, ctx) => ownCall(ctx.user!, req.callId) ?? svc().requestAuthorisation(req.callId, req.reason, req.note, ctx.user!.userId),
    'appointments.deferral.authorisations': (req, ctx) => {
      if (ctx.user!.role === 'fco' && !req.callId) return fail('forbidden', 'FCOs see the authorisations of their own calls: give the call.');
      if (req.callId) {
        const denied = ownCall(ctx.user!, req.callId);
        if (denied) return denied;
      }
      return { ok: true, value: svc().authorisations({ ...(req.status ? { status: req.status } : {}), ...(req.callId ? { callId: req.callId } : {}) }) };
    },
    'appointments.deferral.decide': (req, ctx) => svc().decideAuthorisation(req.authorisationId, req.approve, req.note, ctx.user!.userId),
    'appointments.bookings': (req, ctx) => ownCall(ctx.user!, req.callId) ?? { ok: true, value: svc().bookingsForCall(req.callId) },
    'appointments.schedule': (req, ctx) => atOwnOffice(ctx.user!, the(req.officeCode)) ?? ({ ok: true, value: svc().schedule(req.officeCode, req.status) }),
    'appointments.scheduleSlots': (req, ctx) => atOwnOffice(ctx.user!, officeOfCall(req.callId)) ?? svc().scheduleSlots(req.callId, req.mode, req.limit),
    'appointments.scheduleWfi': (req, ctx) => atOwnOffice(ctx.user!, officeOfCall(req.callId)) ?? svc().scheduleWfi(req.callId, req.slot, ctx.user!.userId),
    'appointments.precallList': (req, ctx) => atOwnOffice(ctx.user!, the(req.officeCode)) ?? ({ ok: true, value: svc().precallList(req.officeCode, req.date) }),
    'appointments.precall.record': (req, ctx) => ownOfficeBooking(ctx.user!, req.bookingId) ?? svc().recordPrecall(req.bookingId, req.outcome, req.note, ctx.user!.userId),
    'appointments.attendance.record': (req, ctx) => ownOfficeBooking(ctx.user!, req.bookingId) ?? svc().recordAttendance(req.bookingId, req.outcome, req.note, ctx.user!.userId),
    'appointments.fta.followUp': (req, ctx) => ownOfficeBooking(ctx.user!, req.bookingId) ?? svc().ftaFollowUp(req.bookingId, req.action, req.note, ctx.user!.userId),
    'appointments.rebook': (req, ctx) => ownOfficeBooking(ctx.user!, req.bookingId) ?? svc().rebook(req.bookingId, req.slot, ctx.user!.userId),
    'appointments.rebookSlots': (req, ctx) => ownOfficeBooking(ctx.user!, req.bookingId) ?? svc().rebookSlots(req.bookingId, req.mode, req.limit),
    'appointments.handoff.get': (req, ctx) => ownCall(ctx.user!, req.callId) ?? atOwnOffice(ctx.user!, officeOfHandoff(req.callId)) ?? svc().handoff(req.callId),
    'appointments.handoff.list': (req, ctx) => atOwnOffice(ctx.user!, the(req.officeCode)) ?? ({ ok: true, value: svc().handoffs.list(req.officeCode, req.status) }),
    'appointments.handoff.send': (req, ctx) => ownCall(ctx.user!, req.callId) ?? svc().sendHandoff(req.callId, ctx.user!.userId),
    'appointments.handoff.acknowledge': (req, ctx) => atOwnOffice(ctx.user!, officeOfHandoff(req.callId)) ?? svc().acknowledgeHandoff(req.callId, ctx.user!.userId),
    'appointments.ics': (req, ctx) => ownBooking(ctx.user!, req.bookingId) ?? svc().ics(req.bookingId),
    'appointments.recontactList': (req, ctx) => {
      // A financial assessor's list is their own Jobcentre's, asked for or not.
      const officeCode = ctx.user!.role === 'fa' ? (req.officeCode ?? ctx.user!.officeCode ?? undefined) : req.officeCode;
      return atOwnOffice(ctx.user!, the(officeCode)) ?? { ok: true, value: svc().recontactList(officeCode, req.asOf) };
    },
    'appointments.recontact.record': (req, ctx) => atOwnOffice(ctx.user!, officeOfCall(req.callId)) ?? svc().recordRecontact(req.callId, req.outcome, req.note, ctx.user!.userId),
  };
}
