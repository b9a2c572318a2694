import { useEffect, useState } from 'react';
import type { IntakeBridge } from '../../../machines/contract/api';
import type { AppointmentOptions, DeferralReasonView, FreeSlotsResponse, SlotOffer } from '../../../machines/contract/api/appointments';
import type { CallCommand, DeferralDetails, Slot } from '../../../machines/contract/callTypes';
import type { CallError } from '../../../machines/contract/errors';
import { ErrorText } from '../ErrorText';
import { addDaysIso, isoToUk, ukToIso } from '../format';
import { isContinueKey } from '../keys';
import type { StepProps } from '../types';

/** From the research: the FA meeting takes 20 minutes (PF:692); a WFI under 30 minutes lost the job search (IDT:882). */
const FA_MINUTES = 20;
const WFI_MINUTES = 40;
const WFI_WARN_UNDER = 30;

/**
 * The appointment outcome, by the benefit's policy: book on the call (FA, then WFI, at the confirmed Jobcentre's
 * diary), accept the due window (the Jobcentre books it later), or record "no WFI". Where policy allows, a deferral
 * instead. The appointments area extends this with its diary views; keep the props `{state, send, bridge}`.
 */
export function AppointmentStep({ state, send, bridge }: StepProps) {
  const [deferring, setDeferring] = useState(false);
  const options = useAppointmentOptions(bridge, state.record.callId);
  const policy = state.policy;
  if (!policy) return <p role="alert">The benefit is not established yet; go back and answer the reason for the claim.</p>;
  const deferralAllowed = options?.deferral.allowed ?? policy.deferralAllowed;
  return (
    <section className="step appointment-step" aria-labelledby="appointment-title">
      <h2 id="appointment-title" className="say">
        {policy.appointment === 'bookOnCall'
          ? 'Book the Financial Assessor meeting and the Work Focused Interview'
          : policy.appointment === 'dueWindow'
            ? 'Tell the customer when the Jobcentre will call them in'
            : 'No Work Focused Interview for this claim'}
      </h2>
      {!deferring && policy.appointment === 'bookOnCall' && <BookingForm state={state} send={send} bridge={bridge} options={options} />}
      {!deferring && policy.appointment === 'dueWindow' && <DueWindowForm state={state} send={send} />}
      {!deferring && policy.appointment === 'noWfi' && <NoWfiForm send={send} benefitName={policy.benefitName} />}
      {deferralAllowed &&
        (deferring ? (
          <DeferralForm state={state} send={send} bridge={bridge} options={options} onCancel={() => setDeferring(false)} />
        ) : (
          <p>
            <button type="button" onClick={() => setDeferring(true)}>
              Defer the interview instead…
            </button>
          </p>
        ))}
    </section>
  );
}

/** The appointments area's options for this call (deferral reasons, lengths); null while loading or unavailable. */
function useAppointmentOptions(bridge: IntakeBridge, callId: string): AppointmentOptions | null {
  const [options, setOptions] = useState<AppointmentOptions | null>(null);
  useEffect(() => {
    let live = true;
    void bridge.invoke('appointments.options', { callId }).then((r) => live && r.ok && setOptions(r.value));
    return () => {
      live = false;
    };
  }, [bridge, callId]);
  return options;
}

function useOutcome(send: StepProps['send']) {
  const [error, setError] = useState<CallError | null>(null);
  const [busy, setBusy] = useState(false);
  const run = async (cmd: CallCommand): Promise<CallError | null> => {
    if (busy) return null;
    setBusy(true);
    const r = await send(cmd);
    setBusy(false);
    setError(r.ok ? null : r.error);
    return r.ok ? null : r.error;
  };
  return { error, setError, busy, run };
}

/** The next weekday after the claim date: a first offer worked out from the claim date (no clock). */
function nextWorkingDay(claimDate: string): string {
  let d = addDaysIso(claimDate, 1);
  for (;;) {
    const day = new Date(`${d}T12:00:00Z`).getUTCDay();
    if (day !== 0 && day !== 6) return d;
    d = addDaysIso(d, 1);
  }
}

/** datetime-local ("2026-11-24T09:30", the FCO's local time) ↔ ISO instant with zone, as the contract wants. */
const localToIso = (v: string): string | null => {
  const d = new Date(v);
  return v && !Number.isNaN(d.getTime()) ? d.toISOString() : null;
};
const isoToLocal = (iso: string): string => {
  const d = new Date(iso);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}`;
};

/** A slot as the form holds it: the diary it came from is kept only while the FCO keeps its time. */
interface Draft {
  start: string;
  minutes: string;
  from: Slot | null;
}
const draftOf = (slot: Slot): Draft => ({ start: isoToLocal(slot.start), minutes: String(slot.minutes), from: slot });
const offerIn = (e: CallError): SlotOffer | null => {
  const o = (e as CallError & { offer?: SlotOffer }).offer;
  return o && typeof o === 'object' ? o : null;
};

function BookingForm({ state, send, bridge, options }: StepProps & { options: AppointmentOptions | null }) {
  const office = state.record.markers.jobcentre.confirmed;
  const day = nextWorkingDay(state.record.claimDate);
  const [fa, setFa] = useState<Draft>({ start: `${day}T09:30`, minutes: String(FA_MINUTES), from: null });
  const [wfi, setWfi] = useState<Draft>({ start: `${day}T10:00`, minutes: String(WFI_MINUTES), from: null });
  const [offered, setOffered] = useState<string | null>(null);
  const [shortOk, setShortOk] = useState(false);
  const [whyOutside, setWhyOutside] = useState('');
  const { error, setError, busy, run } = useOutcome(send);
  const warnUnder = options?.wfiWarnUnderMinutes ?? WFI_WARN_UNDER;

  // Offer the first free pair in the Jobcentre's diary, when the diary service is there.
  useEffect(() => {
    let live = true;
    void bridge.invoke('appointments.freeSlots', { callId: state.record.callId }).then((r) => {
      if (!live || !r.ok) return;
      const s: FreeSlotsResponse = r.value;
      if (s.suggestion) {
        setFa(draftOf(s.suggestion.fa.slot));
        setWfi(draftOf(s.suggestion.wfi.slot));
        setOffered(`First free: FA ${s.suggestion.fa.local} with ${s.suggestion.fa.adviserName}; interview ${s.suggestion.wfi.local} with ${s.suggestion.wfi.adviserName}.`);
      } else setOffered('No free pair of slots was found in the diary; enter times the Jobcentre can take.');
    });
    return () => {
      live = false;
    };
  }, [bridge, state.record.callId]);

  const slotFor = (d: Draft, which: 'fa' | 'wfi'): Slot | CallError => {
    const start = localToIso(d.start);
    const minutes = Number(d.minutes);
    if (!start) return { code: 'invalid_booking', message: `Enter the date and time of the ${which === 'fa' ? 'FA meeting' : 'interview'}.`, field: `${which}.start` };
    if (!Number.isInteger(minutes)) return { code: 'invalid_booking', message: 'Enter the length in whole minutes.', field: `${which}.minutes` };
    const sameAsOffered = d.from && d.from.start === start && d.from.minutes === minutes;
    return { start, minutes, officeCode: office?.code ?? '', kind: 'inPerson', ...(sameAsOffered && d.from?.diaryId ? { diaryId: d.from.diaryId } : {}) };
  };

  const submit = async () => {
    if (!office) return setError({ code: 'invalid_booking', message: 'Confirm the Jobcentre before booking.' });
    const faSlot = slotFor(fa, 'fa');
    const wfiSlot = slotFor(wfi, 'wfi');
    if ('code' in faSlot) return setError(faSlot);
    if ('code' in wfiSlot) return setError(wfiSlot);
    const refused = await run({
      type: 'appointment.book',
      fa: faSlot,
      wfi: wfiSlot,
      ...(shortOk ? { acknowledgeShortWfi: true } : {}),
      ...(whyOutside.trim() ? { outsidePreferredHours: whyOutside.trim() } : {}),
    });
    const offer = refused && offerIn(refused);
    if (offer) {
      // Someone else took the slot: put the next free pair in the form; Enter books it.
      setFa(draftOf(offer.fa));
      setWfi(draftOf(offer.wfi));
      setOffered(offer.text);
    }
  };

  const at = (f: string) => (error?.field === f ? error : null);
  const minutes = Number(wfi.minutes);
  const short = Number.isFinite(minutes) && minutes < warnUnder;
  const shownAt = new Set(['fa.start', 'fa.minutes', 'fa.officeCode', 'fa.diaryId', 'wfi.start', 'wfi.minutes', 'wfi.officeCode', 'wfi.diaryId', 'acknowledgeShortWfi', 'outsidePreferredHours']);
  return (
    <form
      className="subform"
      aria-label="Book the appointments"
      aria-busy={busy || undefined}
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
      onKeyDown={(e) => {
        if (isContinueKey(e) && e.target instanceof HTMLInputElement && e.target.type === 'checkbox') {
          e.preventDefault();
          e.currentTarget.requestSubmit();
        }
      }}
    >
      <p>
        At <strong>{office?.name ?? 'the confirmed Jobcentre'}</strong>
        {office ? `, ${office.address}` : ''}. The Financial Assessor meeting comes first, then the interview.
      </p>
      {offered && (
        <p className="hint" role="status">
          {offered}
        </p>
      )}
      <label htmlFor="fa-start">Financial Assessor meeting ({fa.minutes} minutes): date and time</label>
      <input id="fa-start" type="datetime-local" value={fa.start} onChange={(e) => setFa({ ...fa, start: e.target.value })} data-autofocus="" aria-invalid={at('fa.start') ? true : undefined} />
      <ErrorText error={at('fa.start') ?? at('fa.minutes') ?? at('fa.officeCode') ?? at('fa.diaryId')} />
      <label htmlFor="wfi-start">Work Focused Interview: date and time</label>
      <input id="wfi-start" type="datetime-local" value={wfi.start} onChange={(e) => setWfi({ ...wfi, start: e.target.value })} aria-invalid={at('wfi.start') ? true : undefined} />
      <ErrorText error={at('wfi.start') ?? at('wfi.officeCode') ?? at('wfi.diaryId')} />
      <label htmlFor="wfi-minutes">Interview length in minutes</label>
      <input
        id="wfi-minutes"
        type="text"
        inputMode="numeric"
        value={wfi.minutes}
        onChange={(e) => setWfi({ ...wfi, minutes: e.target.value })}
        aria-describedby="wfi-minutes-hint"
        aria-invalid={at('wfi.minutes') || at('acknowledgeShortWfi') ? true : undefined}
      />
      <p id="wfi-minutes-hint" className={short ? 'hint warning' : 'hint'}>
        {short ? `Under ${warnUnder} minutes leaves no time for the job search.` : `Usually ${WFI_MINUTES}–50 minutes; at least ${warnUnder}.`}
      </p>
      <ErrorText error={at('wfi.minutes') ?? at('acknowledgeShortWfi')} />
      {(short || at('acknowledgeShortWfi')) && (
        <p className="checkbox-row">
          <input id="short-ok" type="checkbox" checked={shortOk} onChange={(e) => setShortOk(e.target.checked)} />
          <label htmlFor="short-ok">Book the short interview anyway</label>
        </p>
      )}
      {(at('outsidePreferredHours') || whyOutside) && (
        <>
          <label htmlFor="why-outside">Why this time? (the customer asked for it)</label>
          <input id="why-outside" type="text" autoComplete="off" value={whyOutside} onChange={(e) => setWhyOutside(e.target.value)} />
          <ErrorText error={at('outsidePreferredHours')} />
        </>
      )}
      <ErrorText error={error && !shownAt.has(error.field ?? '') ? error : null} />
      <div className="actions">
        <button type="submit" className="primary">
          Book both <kbd className="key">Enter</kbd>
        </button>
      </div>
    </form>
  );
}

function DueWindowForm({ state, send }: Pick<StepProps, 'state' | 'send'>) {
  const w = state.record.dueWindow;
  const { error, busy, run } = useOutcome(send);
  return (
    <form
      className="subform"
      aria-label="Due window"
      aria-busy={busy || undefined}
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void run({ type: 'appointment.window.accept' });
      }}
    >
      {w ? (
        <p className="window">
          The Jobcentre will book the interview between <strong>{isoToUk(w.from)}</strong> and <strong>{isoToUk(w.to)}</strong>, counted from the
          claim date {isoToUk(state.record.claimDate)}. Do not book an appointment now.
        </p>
      ) : (
        <p>The due window is not known yet.</p>
      )}
      <ErrorText error={error} />
      <div className="actions">
        <button type="submit" className="primary" data-autofocus="">
          Window explained, continue <kbd className="key">Enter</kbd>
        </button>
      </div>
    </form>
  );
}

function NoWfiForm({ send, benefitName }: { send: StepProps['send']; benefitName: string }) {
  const { error, busy, run } = useOutcome(send);
  return (
    <form
      className="subform"
      aria-label="No interview"
      aria-busy={busy || undefined}
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void run({ type: 'appointment.noWfi' });
      }}
    >
      <p>{benefitName} claims have no Work Focused Interview.</p>
      <ErrorText error={error} />
      <div className="actions">
        <button type="submit" className="primary" data-autofocus="">
          Record “no WFI”, continue <kbd className="key">Enter</kbd>
        </button>
      </div>
    </form>
  );
}

/** Used only when the appointments area cannot list its (content-defined) reasons: the national ones (PF:956). */
const NATIONAL_REASONS: Pick<DeferralReasonView, 'code' | 'label' | 'lengthInput'>[] = [
  { code: 'distressed', label: 'Too distressed to take part', lengthInput: 'untilDate' },
  { code: 'tooIll', label: 'Too ill to take part', lengthInput: 'untilDate' },
  { code: 'lifeChangingEvent', label: 'Life-changing event', lengthInput: 'untilDate' },
  { code: 'medCertEmployed', label: 'Employed, on sick leave with a medical certificate', lengthInput: 'certificateTo' },
];

type DeferralText = 'note' | 'until' | 'review' | 'paAllocated' | 'authorisedBy' | 'certificateTo' | 'programmeEndDate';

function DeferralForm({ state, send, bridge, options, onCancel }: StepProps & { options: AppointmentOptions | null; onCancel: () => void }) {
  const reasons = options?.deferral.reasons.length ? options.deferral.reasons : NATIONAL_REASONS;
  const [d, setD] = useState({
    reason: '',
    note: '',
    until: '',
    review: '',
    certificateTo: isoToUk(options?.deferral.prefill.certificateTo ?? ''),
    programmeEndDate: '',
    claimPackSent: false,
    paAllocated: '',
    paContactGiven: false,
    letterSent: false,
    authorisedBy: '',
  });
  const [explained, setExplained] = useState<string | null>(null);
  const { error, setError, busy, run } = useOutcome(send);
  const set = <K extends keyof typeof d>(k: K, v: (typeof d)[K]) => setD((x) => ({ ...x, [k]: v }));
  const err = (f: string) => (error?.field === `deferral.${f}` || error?.field === f ? error : null);
  const reason = reasons.find((r) => r.code === d.reason);
  const lengthInput = reason?.lengthInput ?? 'untilDate';

  /** Asks the appointments area to work out the end and review dates from the length rule. */
  const workOut = async () => {
    if (!d.reason) return setError({ code: 'invalid_booking', message: 'Choose the reason first.', field: 'deferral.reason' });
    const r = await bridge.invoke('appointments.deferralPreview', {
      callId: state.record.callId,
      reason: d.reason,
      ...(ukToIso(d.certificateTo) ? { certificateTo: ukToIso(d.certificateTo)! } : {}),
      ...(ukToIso(d.programmeEndDate) ? { programmeEndDate: ukToIso(d.programmeEndDate)! } : {}),
      ...(ukToIso(d.until) ? { untilDate: ukToIso(d.until)! } : {}),
    });
    if (!r.ok) return setError(r.error);
    const p = r.value;
    if (!p.ok) return setError({ code: 'invalid_booking', message: p.problem?.message ?? 'The dates could not be worked out.', ...(p.problem?.field ? { field: p.problem.field } : {}) });
    setD((x) => ({ ...x, until: isoToUk(p.untilDate ?? ''), review: x.review || isoToUk(p.suggestedReviewDate ?? '') }));
    setExplained(p.explanation);
    setError(null);
  };

  const submit = () => {
    if (!d.reason) return setError({ code: 'invalid_booking', message: 'Choose the reason for the deferral.', field: 'deferral.reason' });
    const untilDate = ukToIso(d.until);
    const reviewDate = ukToIso(d.review);
    if (!untilDate) return setError({ code: 'invalid_booking', message: 'Enter the date the deferral ends as DD/MM/YYYY (or work it out).', field: 'deferral.untilDate' });
    if (!reviewDate) return setError({ code: 'invalid_booking', message: 'Enter the review date as DD/MM/YYYY.', field: 'deferral.reviewDate' });
    const certificateTo = ukToIso(d.certificateTo);
    const programmeEndDate = ukToIso(d.programmeEndDate);
    const deferral: DeferralDetails = {
      reason: d.reason,
      note: d.note.trim(),
      untilDate,
      reviewDate,
      claimPackSent: d.claimPackSent,
      paAllocated: d.paAllocated.trim(),
      paContactGiven: d.paContactGiven,
      letterSent: d.letterSent,
      ...(lengthInput === 'certificateTo' && certificateTo ? { certificateTo } : {}),
      ...(lengthInput === 'programmeEndDate' && programmeEndDate ? { programmeEndDate } : {}),
      ...(d.authorisedBy.trim() ? { authorisedBy: d.authorisedBy.trim() } : {}),
    };
    void run({ type: 'deferral.record', deferral });
  };
  const text = (k: DeferralText, label: string, field: string, hint?: string) => (
    <>
      <label htmlFor={`deferral-${k}`}>{label}</label>
      <input
        id={`deferral-${k}`}
        type="text"
        autoComplete="off"
        value={d[k]}
        onChange={(e) => set(k, e.target.value)}
        aria-invalid={err(field) ? true : undefined}
        aria-describedby={hint ? `deferral-${k}-hint` : undefined}
      />
      {hint && (
        <p className="hint" id={`deferral-${k}-hint`}>
          {hint}
        </p>
      )}
      <ErrorText error={err(field)} />
    </>
  );
  const box = (k: 'claimPackSent' | 'paContactGiven' | 'letterSent', label: string) => (
    <div className="checkbox-row">
      <input id={`deferral-${k}`} type="checkbox" checked={d[k]} onChange={(e) => set(k, e.target.checked)} aria-invalid={err(k) ? true : undefined} />
      <label htmlFor={`deferral-${k}`}>{label}</label>
      <ErrorText error={err(k)} />
    </div>
  );
  const fieldsShown = ['reason', 'note', 'untilDate', 'reviewDate', 'paAllocated', 'authorisedBy', 'certificateTo', 'programmeEndDate', 'claimPackSent', 'paContactGiven', 'letterSent'];
  const elsewhere = error && !fieldsShown.some((f) => err(f) === error) ? error : null;
  return (
    <form
      className="subform deferral"
      aria-labelledby="deferral-title"
      aria-busy={busy || undefined}
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
      onKeyDown={(e) => {
        if (e.key === 'Escape') onCancel();
        else if (isContinueKey(e) && e.target instanceof HTMLInputElement && e.target.type === 'checkbox') {
          // Enter on a tick box continues too, whatever the engine does natively.
          e.preventDefault();
          e.currentTarget.requestSubmit();
        }
      }}
    >
      <h3 id="deferral-title">Defer the interview</h3>
      <p className="hint">Explore the customer's circumstances first: there is no automatic deferral. Claim date {isoToUk(state.record.claimDate)}.</p>
      <label htmlFor="deferral-reason">Reason</label>
      <select id="deferral-reason" value={d.reason} onChange={(e) => set('reason', e.target.value)} autoFocus aria-invalid={err('reason') ? true : undefined}>
        <option value="">Choose a reason…</option>
        {reasons.map((r) => (
          <option key={r.code} value={r.code}>
            {r.label}
          </option>
        ))}
      </select>
      <ErrorText error={err('reason')} />
      {lengthInput === 'certificateTo' && text('certificateTo', 'Medical certificate ends (DD/MM/YYYY)', 'certificateTo')}
      {lengthInput === 'programmeEndDate' && text('programmeEndDate', 'Treatment programme ends (DD/MM/YYYY)', 'programmeEndDate')}
      {text('note', 'Note', 'note')}
      {text('until', 'Deferred until (DD/MM/YYYY)', 'untilDate')}
      {text('review', 'Review date (DD/MM/YYYY)', 'reviewDate', 'When someone will contact the customer again; on or before the end of the deferral.')}
      <p>
        <button type="button" onClick={() => void workOut()}>
          Work out the dates
        </button>
      </p>
      {explained && (
        <p className="hint" role="status">
          {explained}
        </p>
      )}
      {box('claimPackSent', 'Claim pack sent to the customer')}
      {text('paAllocated', 'Personal Adviser allocated', 'paAllocated')}
      {box('paContactGiven', "Personal Adviser's contact details given to the customer")}
      {box('letterSent', 'Deferral letter sent (optional)')}
      {text('authorisedBy', 'Authorised by (team leader, for long deferrals)', 'authorisedBy')}
      <ErrorText error={elsewhere} />
      <div className="actions">
        <button type="submit" className="primary">
          Record deferral <kbd className="key">Enter</kbd>
        </button>
        <button type="button" onClick={onCancel}>
          Cancel (Esc)
        </button>
      </div>
    </form>
  );
}
