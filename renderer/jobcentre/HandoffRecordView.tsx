import { useEffect, useRef, useState, type ReactNode } from 'react';
import type { IntakeBridge } from '../../machines/contract/api';
import { ADVISER_ROLE_LABELS, type HandoffRecord, type HandoffStatus, type HandoffView } from '../../machines/contract/api/appointments';
import { humaniseId, isoToUk } from '../desk/format';
import { Problem } from '../fa/Problem';
import { CalendarFile } from './CalendarFile';
import { ukDay, ukWhen } from '../fa/format';
import './schedule.css';
import { phoneForReading } from '../../machines/rules/ukFormats';
import { byWhom, useMe } from './useMe';
import { openDaysOf } from '../../machines/rules/windows';
import type { Err } from './day/types';

type Appointment = HandoffRecord['appointment'];
type SlotOut = Extract<Appointment, { kind: 'booked' }>['bookings'][number];

export const HANDOFF_STATUS_LABELS: Record<HandoffStatus, string> = {
  drafted: 'Drafted: not sent yet',
  sent: 'Sent: waiting for acknowledgement',
  acknowledged: 'Acknowledged',
  conducted: 'Interview conducted',
};
const STEP: Record<HandoffStatus, string> = { drafted: 'Drafted', sent: 'Sent', acknowledged: 'Acknowledged', conducted: 'Interview conducted' };
const MODE_SAID: Record<SlotOut['mode'], string> = { inPerson: 'in person', telephone: 'by telephone', homeVisit: 'home visit' };
const KIND: Record<SlotOut['kind'], string> = { fa: 'Financial Assessor meeting', wfi: 'Work Focused Interview' };

const yesNo = (b: boolean | null) => (b === null ? 'Not asked' : b ? 'Yes' : 'No');
/** Answers are stored as read out; dates among them are shown the way staff read dates. */
const answerText = (a: string) => (/^\d{4}-\d{2}-\d{2}$/.test(a) ? isoToUk(a) : a);
const overrideText = (o: { reason: string; note: string } | null) => (o ? `${humaniseId(o.reason)}${o.note ? `: ${o.note}` : ''}` : '');

function Row({ term, children }: { term: string; children: ReactNode }) {
  return (
    <div className="summary-row">
      <dt>{term}</dt>
      <dd>{children}</dd>
    </div>
  );
}

function Block({ id, title, children, tag }: { id: string; title: string; children: ReactNode; tag?: ReactNode }) {
  return (
    <section aria-labelledby={id} className="fa-block">
      <h4 id={id}>
        {title} {tag}
      </h4>
      {children}
    </section>
  );
}

function Answers({ caption, rows }: { caption: string; rows: HandoffRecord['circumstances'] }) {
  if (rows.length === 0) return <p>No answers recorded.</p>;
  return (
    <table className="fa-queue jc-answers">
      <caption className="visually-hidden">{caption}</caption>
      <thead>
        <tr>
          <th scope="col">Question as read</th>
          <th scope="col">Answer</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((a) => (
          <tr key={a.questionId}>
            <td>{a.question}</td>
            <td>{answerText(a.answer)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Bookings({ bookings, bridge }: { bookings: SlotOut[]; bridge: IntakeBridge }) {
  return (
    <ul>
      {bookings.map((b) => (
        <li key={b.bookingId}>
          {KIND[b.kind]}: {b.local}, {b.minutes} minutes, {MODE_SAID[b.mode]}, with {b.adviser.name} ({ADVISER_ROLE_LABELS[b.adviser.role]})
          {b.officeCode ? ` at ${b.officeCode}` : ''}
          {b.status !== 'booked' ? ` (${humaniseId(b.status)})` : ''}
          {b.status === 'booked' && <CalendarFile bridge={bridge} bookingId={b.bookingId} what={`${KIND[b.kind]}, ${b.local}`} />}
        </li>
      ))}
    </ul>
  );
}

function AppointmentPart({ a, who, bridge }: { a: Appointment; who: (id: string) => string; bridge: IntakeBridge }) {
  if (a.kind === 'booked')
    return (
      <>
        <Bookings bookings={a.bookings} bridge={bridge} />
        {a.signingDay && <p>Signing day: {a.signingDay} (the interview’s weekday).</p>}
        {a.reviewsDue.length > 0 && <p>Reviews due: {a.reviewsDue.map(ukDay).join(', ')}.</p>}
      </>
    );
  if (a.kind === 'dueWindow') {
    const days = openDaysOf(a);
    return (
      <>
        <p>
          Interview due between {ukDay(days.from)} and {ukDay(days.to)}, with{' '}
          {a.adviserRoles.map((r) => ADVISER_ROLE_LABELS[r]).join(' or ') || 'a Personal Adviser'}.
        </p>
        {a.moved && (
          <div className="notice">
            <p>{a.moved.text}</p>
            <p className="side-meta">
              Corrected {ukWhen(a.moved.correctedAt)} by {who(a.moved.correctedBy)}.
            </p>
          </div>
        )}
        {a.bookings.length > 0 ? <Bookings bookings={a.bookings} bridge={bridge} /> : <p>Not booked yet.</p>}
      </>
    );
  }
  return (
    <dl className="summary">
      <Row term="Deferred">
        {a.reasonLabel}
        {a.detail ? ` (${humaniseId(a.detail)})` : ''}
      </Row>
      <Row term="Until">{ukDay(a.untilDate)}</Row>
      <Row term="Review by">{ukDay(a.reviewDate)}</Row>
      <Row term="Personal Adviser">
        {a.paAllocated} {a.paContactGiven ? '(contact details given to the customer)' : '(contact details not given)'}
      </Row>
      <Row term="Claim pack sent">{yesNo(a.claimPackSent)}</Row>
      <Row term="Letter sent">{yesNo(a.letterSent)}</Row>
      <Row term="Authorised by">{a.authorisedBy ? who(a.authorisedBy) : 'Not needed'}</Row>
      {a.note && <Row term="Note">{a.note}</Row>}
    </dl>
  );
}

/**
 * Which acknowledged revision the record has moved on from: a correction makes a new revision, and sending it puts
 * the record back to "sent", so the adviser must see that what they acknowledged is not what they are reading.
 */
function revisionNotice(view: HandoffView, who: (id: string) => string): string | null {
  const ack = [...view.history].reverse().find((h) => h.to === 'acknowledged' && h.from !== 'acknowledged');
  const parts: string[] = [];
  if (ack && view.revision > ack.revision)
    parts.push(
      `Revision ${view.revision} is newer than revision ${ack.revision}, which ${who(ack.by)} acknowledged on ${ukWhen(ack.at)}.` +
        (view.status === 'sent' ? ' Check the corrections and the appointment, then acknowledge it again.' : ''),
    );
  if (view.changedSinceSent && view.sentRevision !== null) parts.push(`It changed after revision ${view.sentRevision} was sent to the Jobcentre.`);
  return parts.length ? parts.join(' ') : null;
}

/** One hand-off record as the Personal Adviser prepares from it, with its status and the acknowledgement. */
export function HandoffRecordView({ bridge, callId, onClose, onChanged }: { bridge: IntakeBridge; callId: string; onClose: () => void; onChanged: () => void }) {
  const [view, setView] = useState<HandoffView | null>(null);
  const me = useMe(bridge);
  const [error, setError] = useState<Err>(null);
  const [ackError, setAckError] = useState<Err>(null);
  const [said, setSaid] = useState('');
  const [busy, setBusy] = useState(false);
  const heading = useRef<HTMLHeadingElement>(null);
  const focused = useRef(false);

  useEffect(() => {
    let alive = true;
    setView(null);
    void bridge.invoke('appointments.handoff.get', { callId }).then((r) => {
      if (!alive) return;
      if (r.ok) (setView(r.value), setError(null));
      else setError(r.error);
    });
    return () => {
      alive = false;
    };
  }, [bridge, callId]);
  useEffect(() => {
    if (view && !focused.current) {
      focused.current = true;
      heading.current?.focus();
    }
  }, [view]);

  // The record keeps user ids; the service names them (`names`), and the signed-in person is "you".
  const who = (id: string) => byWhom({ by: id, byName: view?.names[id] ?? (id === 'system' ? 'the system' : id) }, me);

  const acknowledge = async () => {
    setBusy(true);
    const r = await bridge.invoke('appointments.handoff.acknowledge', { callId });
    setBusy(false);
    if (r.ok) {
      setView(r.value);
      setAckError(null);
      setSaid(`Hand-off acknowledged (revision ${r.value.revision}).`);
      onChanged();
      return;
    }
    setAckError(r.error);
    // Refused because the record moved on meanwhile (conducted, re-sent): show where it stands now.
    const now = await bridge.invoke('appointments.handoff.get', { callId });
    if (now.ok) setView(now.value);
  };

  const back = (
    <button type="button" onClick={onClose}>
      Back to the hand-offs
    </button>
  );
  if (!view)
    return error ? (
      <section className="jc-record">
        <Problem error={error} />
        {back}
      </section>
    ) : (
      <p role="status">Loading the hand-off…</p>
    );

  const r = view.record;
  const c = r.contact;
  const notice = revisionNotice(view, who);
  const m = r.markers;
  const outstanding = r.evidence.outstanding.map((id) => r.evidence.issued.find((i) => i.id === id)?.what ?? humaniseId(id));
  const anyWork = Object.values(r.work).some((v) => v !== null);

  return (
    <section aria-labelledby="jc-record-title" className="jc-record">
      <div className="fa-claim-head">
        <h3 id="jc-record-title" ref={heading} tabIndex={-1}>
          Hand-off: {c.name ?? 'customer not named'} · {r.benefit.name}
        </h3>
        <p>
          Reference <strong>{r.callId}</strong> · <span className="status-badge status-todo">{HANDOFF_STATUS_LABELS[view.status]}</span> · revision {view.revision}
        </p>
        {back}
      </div>
      <p role="status" className="fa-status">
        {said}
      </p>
      {notice && (
        <div className="notice" role="note" aria-label="Newer revision">
          <p>
            <strong>Changed since it was acknowledged or sent.</strong> {notice}
          </p>
        </div>
      )}
      {view.status === 'sent' && (
        <div className="actions">
          <button type="button" className="primary" disabled={busy} aria-describedby={ackError ? 'jc-ack-error' : undefined} onClick={() => void acknowledge()}>
            Acknowledge revision {view.revision}
          </button>
        </div>
      )}
      <Problem error={ackError} id="jc-ack-error" />

      <Block id="jc-rec-claim" title="Claim and markers">
        <dl className="summary">
          <Row term="Benefit">{r.benefit.name}</Row>
          <Row term="Claim date">{ukDay(r.claimDate)}</Row>
          <Row term="Benefit marker">
            “{m.benefit.value}”{' '}
            {m.benefit.how === 'override' ? (
              <>
                <span className="tag tag-review">Override</span> {overrideText(m.benefit.override)}
                {m.benefit.derived ? ` (the answers gave “${m.benefit.derived}”)` : ''}
              </>
            ) : (
              <span className="tag tag-derived">Derived from the answers</span>
            )}
            {m.benefit.confirmedAt && (
              <span className="side-sub">
                Confirmed {ukWhen(m.benefit.confirmedAt)}
                {m.benefit.confirmedBy ? ` by ${who(m.benefit.confirmedBy)}` : ''}
              </span>
            )}
          </Row>
          <Row term="Jobcentre marker">
            {m.jobcentre.name} ({m.jobcentre.code}){' '}
            {m.jobcentre.how === 'override' ? (
              <>
                <span className="tag tag-review">Override</span> {overrideText(m.jobcentre.override)}
                {m.jobcentre.suggestedCode ? ` (the postcode suggested ${m.jobcentre.suggestedCode})` : ''}
              </>
            ) : m.jobcentre.how === 'chosenFromNearest' ? (
              <span className="tag tag-derived">Chosen from the nearest Jobcentres{m.jobcentre.suggestedCode ? ` (suggested ${m.jobcentre.suggestedCode})` : ''}</span>
            ) : (
              <span className="tag tag-derived">
                From the postcode{m.jobcentre.forPostcode ? ` ${m.jobcentre.forPostcode}` : ''}
                {m.jobcentre.lookup ? ` (${m.jobcentre.lookup} match)` : ''}
              </span>
            )}
            {m.jobcentre.confirmedAt && (
              <span className="side-sub">
                Confirmed {ukWhen(m.jobcentre.confirmedAt)}
                {m.jobcentre.confirmedBy ? ` by ${who(m.jobcentre.confirmedBy)}` : ''}
              </span>
            )}
          </Row>
        </dl>
      </Block>

      <Block id="jc-rec-contact" title="Contact details">
        <dl className="summary">
          <Row term="Name">{c.name ?? 'Not given'}</Row>
          <Row term="Date of birth">{c.dateOfBirth ? ukDay(c.dateOfBirth) : 'Not given'}</Row>
          <Row term="National Insurance number">{c.nino ?? 'Not given'}</Row>
          <Row term="Address">{[c.address, c.postcode].filter(Boolean).join(', ') || 'Not given'}</Row>
          <Row term="Phone">{c.phone ? phoneForReading(c.phone) : 'Not given'}</Row>
          <Row term="Best times to call">{c.preferredTimes ?? 'Not given'}</Row>
          <Row term="Confirmed with the customer">{ukWhen(c.confirmedOnCallAt)} (on the call)</Row>
          <Row term="Partner">{r.partnerDeclared === null ? 'Not asked' : r.partnerDeclared ? 'Declared' : 'None declared'}</Row>
        </dl>
      </Block>

      <Block id="jc-rec-circs" title="Circumstances">
        <Answers caption="Circumstances: the questions as read and the customer’s answers" rows={r.circumstances} />
      </Block>

      <Block id="jc-rec-health" title="Health condition" tag={<span className="tag tag-sensitive">Sensitive</span>}>
        <p className="hint">For the Financial Assessor and Personal Adviser only: never copy it into calendars, emails or exports.</p>
        <p className="jc-health">{r.health.condition ?? 'No condition recorded.'}</p>
        {r.health.answers.length > 0 && <Answers caption="Health questions and answers (sensitive)" rows={r.health.answers} />}
      </Block>

      {r.jobToReturnTo && (
        <Block id="jc-rec-job" title="Job to return to">
          <dl className="summary">
            <Row term="Still employed">{yesNo(r.jobToReturnTo.employed)}</Row>
            <Row term="Employer">{r.jobToReturnTo.employer ?? 'Not given'}</Row>
            <Row term="Sick pay">{yesNo(r.jobToReturnTo.sickPay)}</Row>
            <Row term="Form SSP1 given">{yesNo(r.jobToReturnTo.ssp1Provided)}</Row>
            <Row term="Last worked">{r.jobToReturnTo.lastWorked ? ukDay(r.jobToReturnTo.lastWorked) : 'Not given'}</Row>
            <Row term="Medical certificate">
              {r.jobToReturnTo.certificateFrom || r.jobToReturnTo.certificateTo
                ? `${r.jobToReturnTo.certificateFrom ? ukDay(r.jobToReturnTo.certificateFrom) : '?'} to ${r.jobToReturnTo.certificateTo ? ukDay(r.jobToReturnTo.certificateTo) : '?'}`
                : 'Not given'}
            </Row>
          </dl>
        </Block>
      )}

      <Block id="jc-rec-work" title="Work goals">
        {anyWork ? (
          <dl className="summary">
            {r.work.jobGoal !== null && <Row term="Job goal">{r.work.jobGoal}</Row>}
            {r.work.hoursPerWeek !== null && <Row term="Hours a week">{r.work.hoursPerWeek}</Row>}
            {r.work.maxTravelMiles !== null && <Row term="Will travel up to">{r.work.maxTravelMiles} miles</Row>}
            {r.work.minHourlyPay !== null && <Row term="Lowest hourly pay">£{r.work.minHourlyPay.toFixed(2)}</Row>}
            {r.work.aspirations !== null && <Row term="Aspirations">{r.work.aspirations}</Row>}
          </dl>
        ) : (
          <p>No work goals recorded on the call.</p>
        )}
      </Block>

      <Block id="jc-rec-search" title="Job searches and submissions">
        {r.jobSearch.interestInWork && <p>Interest in work: {humaniseId(r.jobSearch.interestInWork)}.</p>}
        {r.jobSearch.switchedOff ? (
          <p>Job search on the call was switched off at the contact centre.</p>
        ) : r.jobSearch.searches.length === 0 ? (
          <p>{r.jobSearch.skippedReason ? `No search on the call: ${r.jobSearch.skippedReason}.` : 'No search on the call.'}</p>
        ) : (
          <ul>
            {r.jobSearch.searches.map((s, i) => (
              <li key={`s${i}`}>
                Searched “{s.query.text}”
                {s.query.maxDistanceMiles !== undefined ? ` within ${s.query.maxDistanceMiles} miles` : ''}
                {s.query.minHourlyPay !== undefined ? `, at least £${s.query.minHourlyPay.toFixed(2)} an hour` : ''}
                {s.query.hoursPerWeek !== undefined ? `, ${s.query.hoursPerWeek} hours a week` : ''}: {s.resultCount} result{s.resultCount === 1 ? '' : 's'} ({ukWhen(s.at)})
              </li>
            ))}
          </ul>
        )}
        {r.jobSearch.submissions.length > 0 && (
          <ul>
            {r.jobSearch.submissions.map((s) => (
              <li key={s.vacancyId}>
                Put forward for {s.title}, {s.employer} (vacancy {s.vacancyId}, {ukWhen(s.at)})
              </li>
            ))}
          </ul>
        )}
      </Block>

      <Block id="jc-rec-appt" title="Appointment">
        <AppointmentPart a={r.appointment} who={who} bridge={bridge} />
      </Block>

      <Block id="jc-rec-evidence" title="Evidence">
        <p>{r.evidence.readOutAt ? `Checklist read out to the customer ${ukWhen(r.evidence.readOutAt)}.` : 'The checklist was not read out.'}</p>
        <h5>Issued</h5>
        <ul>
          {r.evidence.issued.map((i) => (
            <li key={i.id}>
              {i.oftenForgotten && <span className="tag tag-warning">Often forgotten</span>} {i.what} <span className="side-sub">From: {i.whoProvides}</span>
            </li>
          ))}
        </ul>
        <h5>Still outstanding</h5>
        {outstanding.length ? (
          <ul>
            {outstanding.map((w, i) => (
              <li key={i}>{w}</li>
            ))}
          </ul>
        ) : (
          <p>Nothing outstanding.</p>
        )}
      </Block>

      <Block id="jc-rec-needs" title="Accessibility and language">
        {r.needs.captured ? (
          <dl className="summary">
            <Row term="Accessibility needs">{r.needs.accessibility ?? 'None given'}</Row>
            <Row term="Language">{r.needs.language ? humaniseId(r.needs.language) : 'Not given'}</Row>
          </dl>
        ) : (
          <p>Not asked on this call: ask the customer before the interview.</p>
        )}
      </Block>

      <Block id="jc-rec-flags" title="Complexity and audit flags">
        {r.complexityFlags.length === 0 && r.auditFlags.length === 0 ? (
          <p>None.</p>
        ) : (
          <ul>
            {r.complexityFlags.map((f) => (
              <li key={f}>{humaniseId(f)}</li>
            ))}
            {r.auditFlags.map((f, i) => (
              <li key={`a${i}`}>
                Audit: {humaniseId(f.kind)}
                {f.reason ? ` (${f.reason})` : ''}, {who(f.by)}, {ukWhen(f.at)}
              </li>
            ))}
          </ul>
        )}
      </Block>

      <Block id="jc-rec-corrections" title="Corrections after the call">
        {r.corrections.length === 0 ? (
          <p>None.</p>
        ) : (
          <ul>
            {r.corrections.map((x, i) => (
              <li key={i}>
                {x.target === 'office' ? 'Jobcentre' : x.target === 'benefitMarker' ? 'Benefit marker' : humaniseId(x.target)}: {x.from ?? '—'} → {x.to}. {x.reason} ({who(x.by)},{' '}
                {ukWhen(x.at)})
              </li>
            ))}
          </ul>
        )}
      </Block>

      <Block id="jc-rec-history" title="Status history">
        <table className="fa-queue">
          <caption className="visually-hidden">Status history of the hand-off, oldest first</caption>
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">What happened</th>
              <th scope="col">Revision</th>
              <th scope="col">Who</th>
            </tr>
          </thead>
          <tbody>
            {view.history.map((h, i) => (
              <tr key={i}>
                <td>{ukWhen(h.at)}</td>
                <td>{h.from === h.to ? `New revision (still ${STEP[h.to].toLowerCase()})` : `${h.from ? `${STEP[h.from]} → ` : ''}${STEP[h.to]}`}</td>
                <td>{h.revision}</td>
                <td>{who(h.by)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </Block>
    </section>
  );
}
