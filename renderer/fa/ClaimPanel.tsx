import { useEffect, useMemo, useRef, useState } from 'react';
import type { IntakeBridge } from '../../machines/contract/api';
import type { CheckOutcome, ClaimFormProblem, EvidenceMarkStatus, FaClaimView, FaEvidenceItem, LetterDocument } from '../../machines/contract/api/evidence';
import { MARK_LABELS, STATE_LABELS, ukDay, ukWhen } from './format';
import { Problem } from './Problem';
import { saveFile } from '../app/saveFile';
import { phoneForReading } from '../../machines/rules/ukFormats';

type Err = { message: string } | null;

function Summary({ view }: { view: FaClaimView }) {
  const s = view.summary;
  const c = s.customer;
  return (
    <section aria-labelledby="fa-summary-title" className="fa-block">
      <h3 id="fa-summary-title">Hand-off summary</h3>
      <dl className="summary">
        <div className="summary-row">
          <dt>Benefit</dt>
          <dd>
            {s.benefit.name} (marker “{s.markers.benefit.confirmed}”{s.markers.benefit.overridden ? `, overridden: ${s.markers.benefit.overrideReason}` : ', derived from the answers'})
          </dd>
        </div>
        <div className="summary-row">
          <dt>Jobcentre</dt>
          <dd>
            {s.markers.jobcentre.name} ({s.markers.jobcentre.code}){s.markers.jobcentre.overridden ? `, chosen over the suggestion: ${s.markers.jobcentre.overrideReason}` : ''}
          </dd>
        </div>
        <div className="summary-row">
          <dt>Claim date</dt>
          <dd>{ukDay(s.claimDate)}</dd>
        </div>
        <div className="summary-row">
          <dt>Taken by</dt>
          <dd>
            {s.fco.name ?? s.fco.id}
            {s.completedAt ? `, completed ${ukWhen(s.completedAt)}` : ''}
          </dd>
        </div>
        <div className="summary-row">
          <dt>Appointment</dt>
          <dd>{s.appointment}</dd>
        </div>
        <div className="summary-row">
          <dt>Customer</dt>
          <dd>
            {[c.name, c.dateOfBirth ? `born ${ukDay(c.dateOfBirth)}` : null, c.nino, [c.address, c.postcode].filter(Boolean).join(', ')].filter(Boolean).join(' · ')}
          </dd>
        </div>
        <div className="summary-row">
          <dt>Contact</dt>
          <dd>
            {c.phone ? phoneForReading(c.phone) : 'no phone'}
            {c.contactTimes ? ` (best: ${c.contactTimes})` : ''}
            {c.partnerDeclared ? ' · partner declared' : ''}
          </dd>
        </div>
        <div className="summary-row">
          <dt>Checklist read out</dt>
          <dd>{s.evidenceReadOutAt ? ukWhen(s.evidenceReadOutAt) : 'No'}</dd>
        </div>
      </dl>
      <h4>Circumstances (the customer's answers)</h4>
      <dl className="summary fa-answers">
        {s.circumstances.map((l, i) => (
          <div className="summary-row" key={i}>
            <dt>{l.label}</dt>
            <dd>
              {l.value} {l.sensitive && <span className="tag tag-sensitive">Sensitive</span>}
            </dd>
          </div>
        ))}
      </dl>
      <h4>Job search on the call</h4>
      {s.jobSearch.switchedOff ? (
        <p>Job search on the call was switched off at the contact centre.</p>
      ) : s.jobSearch.searches.length === 0 ? (
        <p>{s.jobSearch.skippedReason ? `Not done: ${s.jobSearch.skippedReason}` : 'No search on the call.'}</p>
      ) : (
        <ul className="fa-jobsearch">
          {s.jobSearch.searches.map((x, i) => (
            <li key={`s${i}`}>
              Searched “{x.text}”: {x.resultCount} result{x.resultCount === 1 ? '' : 's'}
            </li>
          ))}
          {s.jobSearch.submissions.map((x) => (
            <li key={x.vacancyId}>
              Put forward for {x.title}, {x.employer} ({x.vacancyId})
            </li>
          ))}
        </ul>
      )}
      {s.corrections.length > 0 && (
        <>
          <h4>Corrections after the call</h4>
          <ul>
            {s.corrections.map((c, i) => (
              <li key={i}>
                {c.target}: {c.from ?? '—'} → {c.to} ({c.reason}; {c.by}, {ukWhen(c.at)})
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

function ItemRow({ item, onMark }: { item: FaEvidenceItem; onMark: (status: EvidenceMarkStatus, note: string) => void }) {
  const [note, setNote] = useState(item.note);
  // Shows the click at once; the saved mark (or, after a refusal, the old one) replaces it when the service answers.
  const [shown, setShown] = useState(item.status);
  useEffect(() => setNote(item.note), [item.note]);
  useEffect(() => setShown(item.status), [item.status, item.markedAt]);
  const name = `mark-${item.id}`;
  return (
    <fieldset className={`fa-item${item.oftenForgotten ? ' often-forgotten' : ''}`} data-item={item.id}>
      <legend>
        {item.oftenForgotten && <span className="tag tag-warning">Often forgotten</span>} {!item.onChecklist && <span className="tag tag-review">Not on the checklist</span>}{' '}
        <span className="evidence-what">{item.what}</span>
      </legend>
      <p className="evidence-detail">
        {item.acceptedForms.length > 0 && <>Accepted: {item.acceptedForms.join('; ')}. </>}
        {item.due && <>Customer told: by {ukDay(item.due)}.</>}
      </p>
      <div className="fa-marks" role="radiogroup" aria-label={`${item.what}: status`}>
        {(['seen', 'missing', 'requested'] as const).map((s) => (
          <label key={s}>
            <input
              type="radio"
              name={name}
              value={s}
              checked={shown === s}
              onChange={() => {
                setShown(s);
                onMark(s, note);
              }}
            />{' '}
            {MARK_LABELS[s]}
          </label>
        ))}
      </div>
      <label htmlFor={`${name}-note`} className="visually-hidden">
        Note on {item.what}
      </label>
      <input
        id={`${name}-note`}
        className="fa-note"
        type="text"
        maxLength={500}
        placeholder="Note (optional)"
        value={note}
        onChange={(e) => setNote(e.target.value)}
        onBlur={() => shown && note !== item.note && onMark(shown, note)}
      />
      {item.markedAt && (
        <span className="side-meta">
          {' '}
          {MARK_LABELS[item.status!]} · {ukWhen(item.markedAt)}
        </span>
      )}
    </fieldset>
  );
}

function Letter({ bridge, callId }: { bridge: IntakeBridge; callId: string }) {
  const [letter, setLetter] = useState<LetterDocument | null>(null);
  const [error, setError] = useState<Err>(null);
  const show = async () => {
    const r = await bridge.invoke('evidence.letter', { callId, format: 'html' });
    if (r.ok) (setLetter(r.value), setError(null));
    else setError(r.error);
  };
  const print = () => {
    document.body.classList.add('print-letter');
    const done = () => (document.body.classList.remove('print-letter'), window.removeEventListener('afterprint', done));
    window.addEventListener('afterprint', done);
    window.print();
  };
  const download = async () => {
    const r = await bridge.invoke('evidence.letter', { callId, format: 'pdf' });
    if (!r.ok) return setError(r.error);
    const bytes = Uint8Array.from(atob(r.value.pdfBase64!), (ch) => ch.charCodeAt(0));
    saveFile(r.value.filename, bytes, 'application/pdf');
  };
  return (
    <section aria-labelledby="fa-letter-title" className="fa-block">
      <h3 id="fa-letter-title">Customer letter</h3>
      <p className="hint">What the customer was sent: the appointments and the checklist in plain words.</p>
      <div className="actions">
        {!letter && (
          <button type="button" onClick={() => void show()}>
            Show the letter
          </button>
        )}
        {letter && (
          <button type="button" onClick={print}>
            Print the letter
          </button>
        )}
        <button type="button" onClick={() => void download()}>
          Download PDF
        </button>
      </div>
      <Problem error={error} />
      {/* Our own HTML: every value is escaped on the Node side; the CSP forbids scripts and inline styles anyway. */}
      {letter && <div className="letter-print-area" dangerouslySetInnerHTML={{ __html: letter.bodyHtml }} />}
    </section>
  );
}

/**
 * One claim at the FA meeting: the hand-off summary, each evidence item marked seen / missing / requested (saved as
 * it is clicked), the claim-check outcome, the feedback proforma back to the contact centre and its FCO (PF:688),
 * and the customer letter.
 */
export function ClaimPanel({ bridge, callId, onClose, onChanged }: { bridge: IntakeBridge; callId: string; onClose: () => void; onChanged: () => void }) {
  const [view, setView] = useState<FaClaimView | null>(null);
  const [error, setError] = useState<Err>(null);
  const [busy, setBusy] = useState(false);
  const [status, setStatus] = useState('');
  const [outcome, setOutcome] = useState<CheckOutcome | ''>('');
  const [extra, setExtra] = useState('');
  const [checkNote, setCheckNote] = useState('');
  const [checkError, setCheckError] = useState<Err>(null);
  const [addItem, setAddItem] = useState('');
  const [fbError, setFbError] = useState<Err>(null);
  const [fb, setFb] = useState({ claimForm: 'none' as ClaimFormProblem, claimFormNote: '', evidenceMissing: [] as string[], evidenceNote: '', wrongBenefit: false, wrongOffice: false, wishedKnown: '' });

  const load = async () => {
    const r = await bridge.invoke('evidence.claim', { callId });
    if (r.ok) (setView(r.value), setError(null));
    else setError(r.error);
  };
  useEffect(() => {
    setView(null);
    setOutcome('');
    setExtra('');
    setCheckNote('');
    setStatus('');
    void load();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [callId]);
  useEffect(() => bridge.subscribe((n) => n.id === callId && void load()), [bridge, callId]);

  // The proforma starts from what the check found: items marked missing or requested.
  const shortfall = useMemo(() => (view ? view.items.filter((i) => i.status === 'missing' || i.status === 'requested').map((i) => i.id) : []), [view]);
  useEffect(() => {
    if (view && !view.feedback) setFb((f) => ({ ...f, evidenceMissing: shortfall }));
  }, [shortfall, view]);

  // Marks are sent one after another in click order, never dropped while an earlier one is on its way.
  const marks = useRef(Promise.resolve());
  const mark = (itemId: string, what: string, st: EvidenceMarkStatus, note: string) => {
    marks.current = marks.current.then(async () => {
      const r = await bridge.invoke('evidence.markItem', { callId, itemId, status: st, note });
      if (r.ok) {
        setView(r.value);
        setError(null);
        setStatus(`${what}: ${MARK_LABELS[st]}`);
        onChanged();
      } else {
        setError(r.error);
        await load();
      }
    });
  };

  const act = async (run: () => Promise<{ ok: true; value: FaClaimView } | { ok: false; error: { message: string } }>, said: string, onError: (e: Err) => void): Promise<void> => {
    if (busy) return;
    setBusy(true);
    const r = await run();
    setBusy(false);
    if (r.ok) {
      setView(r.value);
      onError(null);
      setStatus(said);
      onChanged();
    } else onError(r.error);
  };

  if (error && !view)
    return (
      <section className="fa-claim">
        <Problem error={error} />
        <button type="button" onClick={onClose}>
          Back to the queue
        </button>
      </section>
    );
  if (!view) return <p role="status">Loading the claim…</p>;
  const s = view.summary;

  return (
    <section className="fa-claim" aria-labelledby="fa-claim-title">
      <div className="fa-claim-head">
        <h2 id="fa-claim-title" tabIndex={-1}>
          {s.customer.name ?? 'Claim'} · {s.benefit.name}
        </h2>
        <p>
          Reference <strong>{s.reference}</strong> · <span className="status-badge">{STATE_LABELS[view.state]}</span>
        </p>
        <button type="button" onClick={onClose}>
          Back to the queue
        </button>
      </div>
      <p role="status" aria-live="polite" className="fa-status">
        {status}
      </p>
      <Problem error={error} />
      <Summary view={view} />

      <section aria-labelledby="fa-evidence-title" className="fa-block">
        <h3 id="fa-evidence-title">Evidence check</h3>
        <p className="hint">Mark each item as the customer shows it. Each mark is saved at once.</p>
        {view.items.map((item) => (
          <ItemRow key={item.id} item={item} onMark={(st, note) => mark(item.id, item.what, st, note)} />
        ))}
        {view.otherCatalogueItems.length > 0 && (
          <form
            className="inline fa-add-item"
            onSubmit={(e) => {
              e.preventDefault();
              if (addItem) void act(() => bridge.invoke('evidence.markItem', { callId, itemId: addItem, status: 'requested', note: '' }), 'Item added as requested', setError).then(() => setAddItem(''));
            }}
          >
            <label htmlFor="fa-add">Asked for something not on the checklist?</label>
            <select id="fa-add" value={addItem} onChange={(e) => setAddItem(e.target.value)}>
              <option value="">Choose an item…</option>
              {view.otherCatalogueItems.map((i) => (
                <option key={i.id} value={i.id}>
                  {i.what}
                </option>
              ))}
            </select>
            <button type="submit" disabled={!addItem || busy}>
              Add as requested
            </button>
          </form>
        )}
      </section>

      <section aria-labelledby="fa-outcome-title" className="fa-block">
        <h3 id="fa-outcome-title">Claim-check outcome</h3>
        {view.checks.length > 0 && (
          <ul className="fa-checks">
            {view.checks.map((c, i) => (
              <li key={i}>
                {ukWhen(c.at)}: {STATE_LABELS[c.outcome]}
                {c.extraRequested ? ` (also asked for: ${c.extraRequested})` : ''}
                {c.note ? `. ${c.note}` : ''}
              </li>
            ))}
          </ul>
        )}
        <form
          onSubmit={(e) => {
            e.preventDefault();
            if (!outcome) return setCheckError({ message: 'Choose the outcome of the check.' });
            // After any marks still on their way, so the service judges the outcome against every click.
            void marks.current.then(() => act(() => bridge.invoke('evidence.recordCheck', { callId, outcome, extraRequested: extra, note: checkNote }), `Outcome recorded: ${STATE_LABELS[outcome]}`, setCheckError));
          }}
        >
          <fieldset>
            <legend>Outcome</legend>
            {(['ready', 'evidenceRequested', 'didNotAttend'] as const).map((o) => (
              <label key={o} className="checkbox-row">
                <input type="radio" name="fa-outcome" value={o} checked={outcome === o} onChange={() => setOutcome(o)} /> {STATE_LABELS[o]}
              </label>
            ))}
          </fieldset>
          <label htmlFor="fa-extra">Other evidence requested (not in the list above)</label>
          <input id="fa-extra" type="text" maxLength={500} value={extra} onChange={(e) => setExtra(e.target.value)} />
          <label htmlFor="fa-check-note">Note</label>
          <input id="fa-check-note" type="text" maxLength={1000} value={checkNote} onChange={(e) => setCheckNote(e.target.value)} />
          <Problem error={checkError} />
          <div className="actions">
            <button type="submit" className="primary" disabled={busy}>
              Record the outcome
            </button>
          </div>
        </form>
      </section>

      <section aria-labelledby="fa-feedback-title" className="fa-block">
        <h3 id="fa-feedback-title">Feedback to the contact centre</h3>
        <p className="hint">
          Goes back to the contact centre and to {s.fco.name ?? s.fco.id}, who took the call.
        </p>
        {view.feedback && (
          <p className="confirmed">
            Feedback sent {ukWhen(view.feedback.at)} by {view.feedback.byName ?? view.feedback.by}. Sending again replaces it in the figures (the earlier one is kept).
          </p>
        )}
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void marks.current.then(() => act(() => bridge.invoke('evidence.submitFeedback', { callId, ...fb }), 'Feedback sent to the contact centre', setFbError));
          }}
        >
          <fieldset>
            <legend>Claim form</legend>
            {(['none', 'missing', 'incorrect'] as const).map((v) => (
              <label key={v} className="checkbox-row">
                <input type="radio" name="fa-claimform" value={v} checked={fb.claimForm === v} onChange={() => setFb({ ...fb, claimForm: v })} />{' '}
                {v === 'none' ? 'No problem' : v === 'missing' ? 'Missing' : 'Incorrect'}
              </label>
            ))}
          </fieldset>
          {fb.claimForm !== 'none' && (
            <>
              <label htmlFor="fa-claimform-note">What was wrong with the claim form?</label>
              <input id="fa-claimform-note" type="text" maxLength={500} value={fb.claimFormNote} onChange={(e) => setFb({ ...fb, claimFormNote: e.target.value })} />
            </>
          )}
          <fieldset>
            <legend>Evidence missing</legend>
            {view.items.map((i) => (
              <label key={i.id} className="checkbox-row">
                <input
                  type="checkbox"
                  checked={fb.evidenceMissing.includes(i.id)}
                  onChange={(e) => setFb({ ...fb, evidenceMissing: e.target.checked ? [...fb.evidenceMissing, i.id] : fb.evidenceMissing.filter((x) => x !== i.id) })}
                />{' '}
                {i.what}
              </label>
            ))}
          </fieldset>
          <label htmlFor="fa-evidence-note">About the missing evidence</label>
          <input id="fa-evidence-note" type="text" maxLength={500} value={fb.evidenceNote} onChange={(e) => setFb({ ...fb, evidenceNote: e.target.value })} />
          <fieldset>
            <legend>Wrong benefit or wrong office</legend>
            <label className="checkbox-row">
              <input type="checkbox" checked={fb.wrongBenefit} onChange={(e) => setFb({ ...fb, wrongBenefit: e.target.checked })} /> Wrong benefit
            </label>
            <label className="checkbox-row">
              <input type="checkbox" checked={fb.wrongOffice} onChange={(e) => setFb({ ...fb, wrongOffice: e.target.checked })} /> Wrong office
            </label>
          </fieldset>
          <label htmlFor="fa-wished">What I wish I had known before the meeting</label>
          <textarea id="fa-wished" rows={3} maxLength={2000} value={fb.wishedKnown} onChange={(e) => setFb({ ...fb, wishedKnown: e.target.value })} />
          <Problem error={fbError} />
          <div className="actions">
            <button type="submit" className="primary" disabled={busy}>
              Send feedback
            </button>
          </div>
        </form>
      </section>

      <Letter bridge={bridge} callId={callId} />
    </section>
  );
}
