import { useCallback, useEffect, useMemo, useState } from 'react';
import type { IntakeBridge } from '../../../machines/contract/api';
import {
  ADVISER_ROLE_LABELS,
  offerOf,
  type AppointmentOptions,
  type AuthorisationView,
  type DeferralPreview,
  type DeferralReasonView,
  type FreeSlotsResponse,
  type SlotView,
} from '../../../machines/contract/api/appointments';
import type { CallCommand, DeferralDetails, Slot } from '../../../machines/contract/callTypes';
import type { CallError } from '../../../machines/contract/errors';
import { ErrorText } from '../ErrorText';
import { openDaysOf } from '../../../machines/rules/windows';
import { addDaysIso, instantToUkField, isoToUk, ukFieldToInstant, ukToIso } from '../format';
import type { StepProps } from '../types';

/** Defaults until the appointments area answers: FA 20 minutes (PF:692); a WFI under 30 minutes lost the job search (IDT:882). */
const FA_MINUTES = 20;
const WFI_MINUTES = 40;
const WFI_WARN_UNDER = 30;
/** How many free slots each list shows before "more". */
const PAGE = 8;

/**
 * The appointment outcome, by the benefit's policy: book on the call from the Jobcentre's diary (the first free
 * Financial Assessor slot, then an interview after it; lone parents within school hours; a warning under 30 minutes),
 * accept the due window (the Jobcentre books it later), or record "no WFI". Where policy allows, a deferral instead,
 * with the content's reasons and the length worked out by the server; for jobseekers the control is there but
 * disabled, with the reason.
 */
export function AppointmentStep({ state, send, bridge, refused }: StepProps & { refused?: CallError }) {
  const [deferring, setDeferring] = useState(false);
  const options = useAppointmentOptions(bridge, state.record.callId);
  const policy = state.policy;
  if (!policy) return <p role="alert">The benefit is not established yet; go back and answer the reason for the claim.</p>;
  const deferralAllowed = options?.deferral.allowed ?? policy.deferralAllowed;
  const disabledReason = options?.deferral.disabledReason ?? `${policy.benefitName} interviews are never deferred or waived.`;
  return (
    <section className="step appointment-step" aria-labelledby="appointment-title">
      <h2 id="appointment-title" className="say">
        {policy.appointment === 'bookOnCall'
          ? 'Book the Financial Assessor meeting and the Work Focused Interview'
          : policy.appointment === 'dueWindow'
            ? 'Tell the customer when the Jobcentre will call them in'
            : 'No Work Focused Interview for this claim'}
      </h2>
      {!deferring && policy.appointment === 'bookOnCall' && <BookingForm state={state} send={send} bridge={bridge} options={options} refused={refused} />}
      {!deferring && policy.appointment === 'dueWindow' && <DueWindowForm state={state} send={send} />}
      {!deferring && policy.appointment === 'noWfi' && <NoWfiForm send={send} benefitName={policy.benefitName} />}
      {deferralAllowed ? (
        deferring ? (
          <DeferralForm state={state} send={send} bridge={bridge} options={options} onCancel={() => setDeferring(false)} />
        ) : (
          <p>
            <button type="button" onClick={() => setDeferring(true)}>
              Defer the interview instead…
            </button>
          </p>
        )
      ) : (
        policy.appointment !== 'noWfi' && (
          <p className="checkbox-row">
            <button type="button" disabled aria-describedby="deferral-disabled">
              Defer the interview instead…
            </button>
            <span id="deferral-disabled" className="hint">
              {disabledReason}
            </span>
          </p>
        )
      )}
    </section>
  );
}

/** The appointments area's options for this call (deferral reasons, lengths, window); null while loading or unavailable. */
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

function useOutcome(send: StepProps['send'], initialError: CallError | null = null) {
  const [error, setError] = useState<CallError | null>(initialError);
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

/** Enter on a radio or tick box continues, as it does from a text field (browsers only submit from text fields). */
function submitOnEnter(e: React.KeyboardEvent<HTMLFormElement>) {
  if (e.key !== 'Enter' || e.altKey || e.ctrlKey || e.metaKey || e.shiftKey) return;
  if (e.target instanceof HTMLInputElement && (e.target.type === 'checkbox' || e.target.type === 'radio')) {
    e.preventDefault();
    e.currentTarget.requestSubmit();
  }
}

/** The next weekday after the claim date: a first offer worked out from the claim date (no clock), until the diary answers. */
function nextWorkingDay(claimDate: string): string {
  let d = addDaysIso(claimDate, 1);
  for (;;) {
    const day = new Date(`${d}T12:00:00Z`).getUTCDay();
    if (day !== 0 && day !== 6) return d;
    d = addDaysIso(d, 1);
  }
}


/** A slot as the form holds it: the diary it came from is kept only while the FCO keeps its time and length. */
interface Draft {
  start: string;
  minutes: string;
  from: Slot | null;
}
const draftOf = (slot: Slot): Draft => ({ start: instantToUkField(slot.start), minutes: String(slot.minutes), from: slot });
const endOf = (s: Slot) => Date.parse(s.start) + s.minutes * 60_000;
const sameSlot = (a: Slot | null, b: Slot) => a !== null && a.start === b.start && a.diaryId === b.diaryId;

function describeSlot(s: SlotView, withDay = true): string {
  return `${withDay ? s.local : s.localTime} – ${s.adviserName}, ${ADVISER_ROLE_LABELS[s.role]}, ${s.slot.minutes} minutes`;
}

/** The diary's free slots for this call; `refresh` after a refusal (the taken slot drops out). */
function useFreeSlots(bridge: IntakeBridge, callId: string, from: string | null, outsideHours: boolean) {
  const [slots, setSlots] = useState<FreeSlotsResponse | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [tick, setTick] = useState(0);
  useEffect(() => {
    let live = true;
    void bridge
      .invoke('appointments.freeSlots', { callId, limit: 120, ...(from ? { from } : {}), ...(outsideHours ? { ignorePreferredHours: true } : {}) })
      .then((r) => {
        if (!live) return;
        if (r.ok) {
          setSlots(r.value);
          setProblem(null);
        } else setProblem(r.error.message);
      });
    return () => {
      live = false;
    };
  }, [bridge, callId, from, outsideHours, tick]);
  const refresh = useCallback(() => setTick((t) => t + 1), []);
  return { slots, problem, refresh };
}

/**
 * `refused`: the server refused a booking the desk had already moved past (someone took the seat a moment
 * earlier); the form comes back with the reason and, when the server found one, the next free pair filled in.
 */
function BookingForm({ state, send, bridge, options, refused }: StepProps & { options: AppointmentOptions | null; refused?: CallError }) {
  const office = state.record.markers.jobcentre.confirmed;
  const day = nextWorkingDay(state.record.claimDate);
  const offer = refused ? offerOf(refused) : null;
  const [fa, setFa] = useState<Draft>(() => (offer ? draftOf(offer.fa) : { start: `${day}T09:30`, minutes: String(options?.faMinutes ?? FA_MINUTES), from: null }));
  const [wfi, setWfi] = useState<Draft>(() => (offer ? draftOf(offer.wfi) : { start: `${day}T10:00`, minutes: String(options?.wfiDefaultMinutes ?? WFI_MINUTES), from: null }));
  const [offered, setOffered] = useState<string | null>(offer?.text ?? null);
  const [shortOk, setShortOk] = useState(false);
  const [whyOutside, setWhyOutside] = useState('');
  const [outsideHours, setOutsideHours] = useState(refused?.field === 'outsidePreferredHours');
  const [lookFrom, setLookFrom] = useState('');
  const [faShown, setFaShown] = useState(PAGE);
  const [wfiShown, setWfiShown] = useState(PAGE);
  // After a refusal with an offer, the offer stands rather than the diary's first free pair.
  const [suggested, setSuggested] = useState(offer !== null);
  const { error, setError, busy, run } = useOutcome(send, refused ?? null);
  const { slots, problem, refresh } = useFreeSlots(bridge, state.record.callId, ukToIso(lookFrom), outsideHours);
  const warnUnder = slots?.wfiWarnUnderMinutes ?? options?.wfiWarnUnderMinutes ?? WFI_WARN_UNDER;

  // Offer the first free pair in the Jobcentre's diary (once; later the FCO's choice stands).
  useEffect(() => {
    if (!slots || suggested) return;
    setSuggested(true);
    if (slots.suggestion) {
      setFa(draftOf(slots.suggestion.fa.slot));
      setWfi(draftOf(slots.suggestion.wfi.slot));
      setOffered(`First free: FA ${slots.suggestion.fa.local} with ${slots.suggestion.fa.adviserName}; interview ${slots.suggestion.wfi.local} with ${slots.suggestion.wfi.adviserName}.`);
    } else setOffered(slots.warnings[0] ?? 'No free pair of slots was found in the diary; enter times the Jobcentre can take.');
  }, [slots, suggested]);

  /** Interviews that can follow the chosen FA meeting: the same day first, then later days. */
  const faChosen = fa.from;
  const wfiChoices = useMemo(() => {
    if (!slots) return [];
    const after = faChosen ? endOf(faChosen) : 0;
    const ok = slots.wfi.filter((s) => Date.parse(s.slot.start) >= after);
    const day = faChosen ? slots.fa.find((s) => sameSlot(faChosen, s.slot))?.localDate : undefined;
    return [...ok.filter((s) => s.localDate === day), ...ok.filter((s) => s.localDate !== day)];
  }, [slots, faChosen]);

  const pickFa = (s: SlotView) => {
    setFa(draftOf(s.slot));
    setError(null);
    setWfiShown(PAGE);
    // Keep the chosen interview if it still follows the FA meeting; else take the first that does.
    const w = wfi.from && Date.parse(wfi.from.start) >= endOf(s.slot) ? null : slots?.wfi.find((x) => x.localDate === s.localDate && Date.parse(x.slot.start) >= endOf(s.slot)) ?? slots?.wfi.find((x) => Date.parse(x.slot.start) >= endOf(s.slot));
    if (w) setWfi(draftOf(w.slot));
  };
  const pickWfi = (s: SlotView) => {
    setWfi(draftOf(s.slot));
    setError(null);
  };

  const slotFor = (d: Draft, which: 'fa' | 'wfi'): Slot | CallError => {
    const start = ukFieldToInstant(d.start);
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
    if (!refused) return;
    const offer = offerOf(refused);
    if (offer) {
      // Someone else took the slot: put the next free pair in the form; Enter books it.
      setFa(draftOf(offer.fa));
      setWfi(draftOf(offer.wfi));
      setOffered(offer.text);
    }
    if (refused.field === 'outsidePreferredHours') setOutsideHours(true);
    refresh();
  };

  const at = (f: string) => (error?.field === f ? error : null);
  const minutes = Number(wfi.minutes);
  const short = Number.isFinite(minutes) && minutes < warnUnder;
  const shownAt = new Set(['fa.start', 'fa.minutes', 'fa.officeCode', 'fa.diaryId', 'wfi.start', 'wfi.minutes', 'wfi.officeCode', 'wfi.diaryId', 'acknowledgeShortWfi', 'outsidePreferredHours']);
  const hours = slots?.preferredHours ?? null;
  const window = slots?.window ?? options?.window ?? null;
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
      onKeyDown={submitOnEnter}
    >
      <p>
        At <strong>{office?.name ?? 'the confirmed Jobcentre'}</strong>
        {office ? `, ${office.address}` : ''}. The Financial Assessor meeting comes first, then the interview.
      </p>
      {window && (
        <p className="hint">
          The interview must be on claim day {window.fromDay} to {window.toDay}: {isoToUk(openDaysOf(window).from)} to {isoToUk(openDaysOf(window).to)}.
          {slots?.signingDayAlignment ? ' The interview day becomes the customer’s fortnightly signing day.' : ''}
        </p>
      )}
      {offered && (
        <p className="hint" role="status">
          {offered}
        </p>
      )}
      {problem && <p className="hint warning">{problem}</p>}
      <label htmlFor="fa-start">Financial Assessor meeting ({fa.minutes} minutes): date and time (UK time)</label>
      <input id="fa-start" type="datetime-local" value={fa.start} onChange={(e) => setFa({ ...fa, start: e.target.value })} data-autofocus="" aria-invalid={at('fa.start') ? true : undefined} />
      <ErrorText error={at('fa.start') ?? at('fa.minutes') ?? at('fa.officeCode') ?? at('fa.diaryId')} />
      <label htmlFor="wfi-start">Work Focused Interview: date and time (UK time)</label>
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
        {short ? `Under ${warnUnder} minutes leaves no time for the job search.` : `Usually ${options?.wfiDefaultMinutes ?? WFI_MINUTES}–50 minutes; at least ${warnUnder}.`}
      </p>
      <ErrorText error={at('wfi.minutes') ?? at('acknowledgeShortWfi')} />
      {(short || at('acknowledgeShortWfi')) && (
        <p className="checkbox-row">
          <input id="short-ok" type="checkbox" checked={shortOk} onChange={(e) => setShortOk(e.target.checked)} />
          <label htmlFor="short-ok">Book the short interview anyway</label>
        </p>
      )}
      {hours && (
        <div className="checkbox-row">
          <input
            id="outside-hours"
            type="checkbox"
            checked={outsideHours}
            onChange={(e) => {
              setOutsideHours(e.target.checked);
              setFaShown(PAGE);
            }}
            aria-describedby="hours-hint"
          />
          <label htmlFor="outside-hours">The customer asks for a time outside {hours.from}–{hours.to}</label>
          <span id="hours-hint" className="hint">
            {hours.label}
          </span>
        </div>
      )}
      {(outsideHours || at('outsidePreferredHours') || whyOutside) && (
        <>
          <label htmlFor="why-outside">Why this time? (the customer asked for it)</label>
          <input id="why-outside" type="text" autoComplete="off" value={whyOutside} onChange={(e) => setWhyOutside(e.target.value)} aria-invalid={at('outsidePreferredHours') ? true : undefined} />
          <ErrorText error={at('outsidePreferredHours')} />
        </>
      )}
      <ErrorText error={error && !shownAt.has(error.field ?? '') ? error : null} />
      <div className="actions">
        <button type="submit" className="primary">
          Book both <kbd className="key">Enter</kbd>
        </button>
      </div>

      {slots && (
        <div className="slot-lists">
          <label htmlFor="look-from">Other free slots from (DD/MM/YYYY, empty for the earliest)</label>
          <input
            id="look-from"
            type="text"
            autoComplete="off"
            value={lookFrom}
            onChange={(e) => (setLookFrom(e.target.value), setFaShown(PAGE))}
            onKeyDown={(e) => {
              // Enter here looks up the date; it must not book whatever happens to be chosen.
              if (e.key === 'Enter') e.preventDefault();
            }}
          />
          <SlotList
            legend={`Free Financial Assessor slots${hours && !outsideHours ? ` (${hours.from}–${hours.to})` : ''}`}
            name="fa-slot"
            slots={slots.fa}
            shown={faShown}
            onMore={() => setFaShown((n) => n + PAGE)}
            chosen={fa.from}
            onPick={pickFa}
            warnUnder={null}
          />
          <SlotList
            legend="Free interview slots after it"
            name="wfi-slot"
            slots={wfiChoices}
            shown={wfiShown}
            onMore={() => setWfiShown((n) => n + PAGE)}
            chosen={wfi.from}
            onPick={pickWfi}
            warnUnder={warnUnder}
          />
        </div>
      )}
    </form>
  );
}

function SlotList(props: {
  legend: string;
  name: string;
  slots: SlotView[];
  shown: number;
  onMore: () => void;
  chosen: Slot | null;
  onPick: (s: SlotView) => void;
  warnUnder: number | null;
}) {
  const { slots, shown } = props;
  return (
    <fieldset className="slot-list">
      <legend>{props.legend}</legend>
      {slots.length === 0 ? (
        <p className="hint">No free slots in the diary for these dates.</p>
      ) : (
        <ul className="options">
          {slots.slice(0, shown).map((s, i) => {
            const id = `${props.name}-${i}`;
            return (
              <li key={`${s.slot.diaryId}-${s.slot.start}`}>
                <input id={id} type="radio" name={props.name} checked={sameSlot(props.chosen, s.slot)} onChange={() => props.onPick(s)} />
                <label htmlFor={id}>
                  {describeSlot(s)}
                  {s.seatsLeft > 1 ? ` (${s.seatsLeft} places)` : ''}
                  {props.warnUnder !== null && s.short && <span className="tag tag-warning">under {props.warnUnder} minutes</span>}
                </label>
              </li>
            );
          })}
        </ul>
      )}
      {slots.length > shown && (
        <button type="button" onClick={props.onMore}>
          Later slots ({slots.length - shown} more)
        </button>
      )}
    </fieldset>
  );
}

function DueWindowForm({ state, send }: Pick<StepProps, 'state' | 'send'>) {
  const w = state.record.dueWindow;
  const { error, busy, run } = useOutcome(send);
  // The FCO reads out the days the Jobcentre can really hold the interview (the letter prints the same days); the
  // policy's calendar edges, which can fall on a weekend, are shown only to the FCO.
  const days = w ? openDaysOf(w) : null;
  const moved = w && days && (days.from !== w.from || days.to !== w.to);
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
      {days ? (
        <p className="window">
          The Jobcentre will call the customer in for the interview between <strong>{isoToUk(days.from)}</strong> and <strong>{isoToUk(days.to)}</strong>, counted
          from the claim date {isoToUk(state.record.claimDate)}. Do not book an appointment now.
        </p>
      ) : (
        <p>The due window is not known yet.</p>
      )}
      {moved && (
        <p className="hint">
          These are the first and last days the Jobcentre is open inside the window, which runs from {isoToUk(w.from)} to {isoToUk(w.to)}. The customer&apos;s
          letter gives the same days.
        </p>
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
const NATIONAL_REASONS: DeferralReasonView[] = [
  { code: 'distressed', label: 'Too distressed to take part', lengthInput: 'untilDate' },
  { code: 'tooIll', label: 'Too ill to take part', lengthInput: 'untilDate' },
  { code: 'lifeChangingEvent', label: 'Life-changing event', lengthInput: 'untilDate' },
  { code: 'medCertEmployed', label: 'Employed, on sick leave with a medical certificate', lengthInput: 'certificateTo' },
].map((r) => ({ ...r, help: null, scope: 'national', details: [], lengthText: '', requiresAuthorisation: false, maxDays: null }) as DeferralReasonView);

type DeferralText = 'note' | 'until' | 'review' | 'paAllocated' | 'certificateTo' | 'programmeEndDate';

/** A team leader's decision on this call's deferral, asked for from the desk and followed until it arrives. */
function useAuthorisation(bridge: IntakeBridge, callId: string, reason: string) {
  const [auth, setAuth] = useState<AuthorisationView | null>(null);
  const [problem, setProblem] = useState<CallError | null>(null);
  const check = useCallback(async () => {
    const r = await bridge.invoke('appointments.deferral.authorisations', { callId });
    if (!r.ok) return;
    setAuth(r.value.find((a) => a.reason === reason && a.status === 'approved') ?? r.value.find((a) => a.reason === reason) ?? null);
  }, [bridge, callId, reason]);
  useEffect(() => {
    setAuth(null);
    if (!reason) return;
    void check();
  }, [check, reason]);
  // A pending request: follow it (pushed notifications where the host has them, and a slow poll as a fallback).
  useEffect(() => {
    if (auth?.status !== 'pending') return;
    const off = bridge.subscribe((n) => {
      if (n.topic === 'deferralAuthorisation') void check();
    });
    const timer = setInterval(() => void check(), 5000);
    return () => {
      off();
      clearInterval(timer);
    };
  }, [auth?.status, bridge, check]);
  const request = async (note: string) => {
    const r = await bridge.invoke('appointments.deferral.requestAuthorisation', { callId, reason, note });
    if (!r.ok) return setProblem(r.error);
    setProblem(null);
    setAuth(r.value);
  };
  return { auth, problem, request };
}

function DeferralForm({ state, send, bridge, options, onCancel }: StepProps & { options: AppointmentOptions | null; onCancel: () => void }) {
  const reasons = options?.deferral.reasons.length ? options.deferral.reasons : NATIONAL_REASONS;
  const [d, setD] = useState({
    reason: '',
    detail: '',
    note: '',
    until: '',
    review: '',
    certificateTo: isoToUk(options?.deferral.prefill.certificateTo ?? ''),
    programmeEndDate: '',
    claimPackSent: false,
    paAllocated: '',
    paContactGiven: false,
    letterSent: false,
  });
  const [preview, setPreview] = useState<DeferralPreview | null>(null);
  const { error, setError, busy, run } = useOutcome(send);
  const set = <K extends keyof typeof d>(k: K, v: (typeof d)[K]) => setD((x) => ({ ...x, [k]: v }));
  const err = (f: string) => (error?.field === `deferral.${f}` || error?.field === f ? error : null);
  const reason = reasons.find((r) => r.code === d.reason);
  const lengthInput = reason?.lengthInput ?? 'untilDate';
  const ruleSetsEnd = lengthInput !== 'untilDate';
  const { auth, problem: authProblem, request } = useAuthorisation(bridge, state.record.callId, d.reason);
  const needsAuthorisation = Boolean(reason?.requiresAuthorisation || preview?.requiresAuthorisation);

  /** The server works out the end date (from the rule), the latest review date, and whether a team leader must agree. */
  const previewFor = useCallback(
    async (x: typeof d) => {
      if (!x.reason) return null;
      const r = await bridge.invoke('appointments.deferralPreview', {
        callId: state.record.callId,
        reason: x.reason,
        ...(ukToIso(x.certificateTo) ? { certificateTo: ukToIso(x.certificateTo)! } : {}),
        ...(ukToIso(x.programmeEndDate) ? { programmeEndDate: ukToIso(x.programmeEndDate)! } : {}),
        ...(!ruleSetsEnd && ukToIso(x.until) ? { untilDate: ukToIso(x.until)! } : {}),
      });
      return r.ok ? r.value : null;
    },
    [bridge, state.record.callId, ruleSetsEnd],
  );

  // For a length rule the end date follows from the rule: work it out as soon as its input is there.
  const ruleInput = lengthInput === 'certificateTo' ? d.certificateTo : lengthInput === 'programmeEndDate' ? d.programmeEndDate : '';
  useEffect(() => {
    let live = true;
    if (!d.reason || (lengthInput !== 'none' && !ruleSetsEnd) || (ruleSetsEnd && lengthInput !== 'none' && !ukToIso(ruleInput))) {
      setPreview(null);
      return;
    }
    void previewFor(d).then((p) => {
      if (!live || !p) return;
      setPreview(p);
      if (p.ok && p.untilDate) setD((x) => ({ ...x, until: isoToUk(p.untilDate) }));
    });
    return () => {
      live = false;
    };
  }, [d.reason, ruleInput, lengthInput, ruleSetsEnd, previewFor]);

  /** The FCO asks for the dates (fcoSets: after typing the end date). Fills the review date with the latest allowed. */
  const workOut = async () => {
    if (!d.reason) return setError({ code: 'invalid_booking', message: 'Choose the reason first.', field: 'deferral.reason' });
    const p = await previewFor(d);
    if (!p) return;
    setPreview(p);
    if (!p.ok) return setError({ code: 'invalid_booking', message: p.problem?.message ?? 'The dates could not be worked out.', ...(p.problem?.field ? { field: p.problem.field } : {}) });
    setD((x) => ({ ...x, until: isoToUk(p.untilDate ?? ''), review: x.review || isoToUk(p.suggestedReviewDate ?? '') }));
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
    const approved = auth?.status === 'approved' ? auth : null;
    const deferral: DeferralDetails = {
      reason: d.reason,
      ...(d.detail ? { detail: d.detail } : {}),
      note: d.note.trim(),
      untilDate,
      reviewDate,
      claimPackSent: d.claimPackSent,
      paAllocated: d.paAllocated.trim(),
      paContactGiven: d.paContactGiven,
      letterSent: d.letterSent,
      ...(lengthInput === 'certificateTo' && certificateTo ? { certificateTo } : {}),
      ...(lengthInput === 'programmeEndDate' && programmeEndDate ? { programmeEndDate } : {}),
      ...(approved ? { authorisationId: approved.authorisationId, ...(approved.decidedBy ? { authorisedBy: approved.decidedBy } : {}) } : {}),
    };
    void run({ type: 'deferral.record', deferral });
  };
  const text = (k: DeferralText, label: string, field: string, hint?: string, readOnly = false) => (
    <>
      <label htmlFor={`deferral-${k}`}>{label}</label>
      <input
        id={`deferral-${k}`}
        type="text"
        autoComplete="off"
        value={d[k]}
        readOnly={readOnly}
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
  const fieldsShown = ['reason', 'detail', 'note', 'untilDate', 'reviewDate', 'paAllocated', 'authorisationId', 'certificateTo', 'programmeEndDate', 'claimPackSent', 'paContactGiven', 'letterSent'];
  const elsewhere = error && !fieldsShown.some((f) => err(f) === error) ? error : null;
  const latest = preview?.ok ? preview.latestReviewDate : null;
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
        else submitOnEnter(e);
      }}
    >
      <h3 id="deferral-title">Defer the interview</h3>
      <p className="hint">Explore the customer's circumstances first: there is no automatic deferral. Claim date {isoToUk(state.record.claimDate)}.</p>
      <label htmlFor="deferral-reason">Reason</label>
      <select
        id="deferral-reason"
        value={d.reason}
        onChange={(e) => setD((x) => ({ ...x, reason: e.target.value, detail: '', ...(reasons.find((r) => r.code === e.target.value)?.lengthInput !== 'untilDate' ? { until: '' } : {}) }))}
        autoFocus
        aria-invalid={err('reason') ? true : undefined}
        aria-describedby={reason ? 'deferral-reason-hint' : undefined}
      >
        <option value="">Choose a reason…</option>
        {reasons.map((r) => (
          <option key={r.code} value={r.code}>
            {r.label}
            {r.scope === 'local' ? ' (local protocol)' : ''}
          </option>
        ))}
      </select>
      {reason && (
        <p className="hint" id="deferral-reason-hint">
          {[reason.help, reason.lengthText, reason.requiresAuthorisation ? 'Needs a team leader’s authorisation.' : null].filter(Boolean).join(' ')}
        </p>
      )}
      <ErrorText error={err('reason')} />
      {reason && reason.details.length > 0 && (
        <>
          <label htmlFor="deferral-detail">Which?</label>
          <select id="deferral-detail" value={d.detail} onChange={(e) => set('detail', e.target.value)} aria-invalid={err('detail') ? true : undefined}>
            <option value="">(not said)</option>
            {reason.details.map((x) => (
              <option key={x.value} value={x.value}>
                {x.label}
              </option>
            ))}
          </select>
          <ErrorText error={err('detail')} />
        </>
      )}
      {lengthInput === 'certificateTo' && text('certificateTo', 'Medical certificate ends (DD/MM/YYYY)', 'certificateTo')}
      {lengthInput === 'programmeEndDate' && text('programmeEndDate', 'Treatment programme ends (DD/MM/YYYY)', 'programmeEndDate')}
      {text('note', 'Note', 'note')}
      {text('until', 'Deferred until (DD/MM/YYYY)', 'untilDate', ruleSetsEnd ? 'Worked out from the rule.' : undefined, ruleSetsEnd)}
      {text(
        'review',
        'Review date (DD/MM/YYYY)',
        'reviewDate',
        latest
          ? `When someone will contact the customer again: a weekday no later than ${isoToUk(latest)}, so the interview can be booked in time.`
          : 'When someone will contact the customer again; before the end of the deferral.',
      )}
      <p className="actions">
        <button type="button" onClick={() => void workOut()}>
          Work out the dates
        </button>
        {latest && d.review !== isoToUk(latest) && (
          <button type="button" onClick={() => set('review', isoToUk(latest))}>
            Review on {isoToUk(latest)}
          </button>
        )}
      </p>
      {preview?.ok && preview.explanation && (
        <p className="hint" role="status">
          {preview.explanation} {preview.lengthDays !== null ? `(${preview.lengthDays} days)` : ''}
        </p>
      )}
      {preview && !preview.ok && preview.problem && <p className="hint warning">{preview.problem.message}</p>}
      {box('claimPackSent', 'Claim pack sent to the customer')}
      {text('paAllocated', 'Personal Adviser allocated', 'paAllocated')}
      {box('paContactGiven', "Personal Adviser's contact details given to the customer")}
      {box('letterSent', 'Deferral letter sent (optional)')}
      {needsAuthorisation && (
        <div className="reason-fields" aria-live="polite">
          <p>
            <strong>Team leader authorisation:</strong>{' '}
            {auth?.status === 'approved'
              ? `approved by ${auth.decidedByName ?? 'a team leader'}${auth.decisionNote ? ` (“${auth.decisionNote}”)` : ''}.`
              : auth?.status === 'pending'
                ? 'asked for; waiting for the team leader…'
                : auth?.status === 'refused'
                  ? `refused by ${auth.decidedByName ?? 'the team leader'}${auth.decisionNote ? ` (“${auth.decisionNote}”)` : ''}.`
                  : 'needed before this deferral can be recorded.'}
          </p>
          {(!auth || auth.status === 'refused') && (
            <button type="button" onClick={() => void request(d.note.trim().length >= 3 ? d.note.trim() : `${reason?.label ?? d.reason} deferral`)}>
              Ask a team leader
            </button>
          )}
          <ErrorText error={authProblem ?? err('authorisationId')} />
        </div>
      )}
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
