import { useState } from 'react';
import type { IntakeBridge } from '../../../machines/contract/api';
import type { CallError } from '../../../machines/contract/errors';
import type { DeskState } from '../../../machines/deskState';
import type { Office, OfficeCandidate } from '../../../machines/rules/allocation';
import { ErrorText } from '../ErrorText';
import { formatDistance } from '../format';
import type { Send } from '../types';
import { ReasonFields } from './ReasonFields';
import { focusOption, StepForm } from './StepForm';

type Listed = (Office & { distanceKm?: number }) | OfficeCandidate;

/**
 * The Jobcentre marker. The office suggested for the customer's postcode is preselected but not confirmed until
 * the FCO presses Confirm. The contact centre is never listed, whatever a lookup or search returns. Any office
 * other than the suggestion (or, without one, the nearest candidates) needs a reason, as the server requires.
 */
export function OfficeMarkerForm({ state, send, bridge }: { state: DeskState; send: Send; bridge: IntakeBridge }) {
  const jc = state.record.markers.jobcentre;
  const notContactCentre = (o: Office) => o.code !== state.contactCentre.code;
  const candidates = jc.candidates.filter(notContactCentre);
  const suggested = jc.suggested && notContactCentre(jc.suggested) ? jc.suggested : null;
  const [found, setFound] = useState<Office[]>([]);
  const [selected, setSelected] = useState(jc.valid && jc.confirmed ? jc.confirmed.code : (suggested?.code ?? ''));
  const [reason, setReason] = useState('');
  const [note, setNote] = useState('');
  const [error, setError] = useState<CallError | { message: string } | null>(null);
  const [busy, setBusy] = useState(false);

  const listed: Listed[] = [...candidates];
  for (const o of found) if (notContactCentre(o) && !listed.some((l) => l.code === o.code)) listed.push(o);
  const needsReason = (code: string) => !(code === suggested?.code || (suggested === null && candidates.some((c) => c.code === code)));
  const overriding = selected !== '' && needsReason(selected);
  const postcode = state.record.customer.postcode;

  async function submit() {
    if (busy) return;
    if (!selected) return setError({ message: 'Choose the Jobcentre with the customer (or search for it), then confirm.' });
    if (overriding && !reason) return setError({ code: 'override_reason_required', message: 'Choose a reason for sending the claim to an office other than the suggested one.', field: 'override.reason' });
    setBusy(true);
    const r = await send({ type: 'office.confirm', officeCode: selected, ...(overriding ? { override: { reason, note: note.trim() } } : {}) });
    setBusy(false);
    if (!r.ok) setError(r.error);
  }

  const reasonError = error && 'field' in error && error.field?.startsWith('override') ? error : null;
  return (
    <div className="marker-form" role="group" aria-labelledby="office-marker-title">
      <h3 id="office-marker-title">2. Jobcentre marker</h3>
      <LookupExplanation lookup={jc.lookup} postcode={postcode} suggested={suggested} />
      <OfficeSearch
        bridge={bridge}
        exclude={state.contactCentre.code}
        primary={jc.lookup !== 'exact' && jc.lookup !== 'approximate'}
        onFound={(offices) => {
          setFound(offices);
          const first = offices.find(notContactCentre);
          if (first && !selected) setSelected(first.code);
        }}
      />
      <StepForm
        busy={busy}
        label="Confirm the Jobcentre"
        onSubmit={() => void submit()}
        onDigit={(n, form) => {
          const o = listed[n - 1];
          if (!o) return false;
          setSelected(o.code);
          setError(null);
          focusOption(form, 'office', n);
        }}
      >
        {listed.length > 0 ? (
          <fieldset>
            <legend>Jobcentre for this claim</legend>
            <ul className="options office-options">
              {listed.map((o, i) => (
                <li key={o.code}>
                  <input
                    type="radio"
                    id={`office-${o.code}`}
                    name="office"
                    value={o.code}
                    checked={selected === o.code}
                    data-option-index={i + 1}
                    data-autofocus={(selected ? selected === o.code : i === 0) && jc.lookup !== null && jc.lookup !== 'unknown' ? '' : undefined}
                    onChange={() => (setSelected(o.code), setError(null))}
                  />
                  <label htmlFor={`office-${o.code}`}>
                    {i < 9 && (
                      <kbd className="key" aria-hidden="true">
                        {i + 1}
                      </kbd>
                    )}
                    <span className="office-name">{o.name}</span>
                    {o.code === suggested?.code && <span className="tag tag-derived">suggested for {postcode}</span>}
                    <span className="office-detail">
                      {o.address}, {o.postcode}
                      {o.distanceKm !== undefined ? ` · ${formatDistance(o.distanceKm)} from ${postcode ?? 'the customer'}` : ''}
                    </span>
                  </label>
                </li>
              ))}
            </ul>
          </fieldset>
        ) : (
          <p className="hint">No offices to choose from yet: search by the office's name, town or postcode.</p>
        )}
        {overriding && (
          <ReasonFields
            idPrefix="office-override"
            legend={suggested ? `Why not ${suggested.name}?` : 'Why this office? The postcode could not be placed.'}
            reasons={state.officeOverrideReasons}
            reason={reason}
            note={note}
            onReason={(r) => (setReason(r), setError(null))}
            onNote={setNote}
            error={reasonError}
          />
        )}
        {!reasonError && <ErrorText error={error} />}
        <div className="actions">
          <button type="submit" className="primary">
            Confirm Jobcentre <kbd className="key">Enter</kbd>
          </button>
        </div>
      </StepForm>
    </div>
  );
}

function LookupExplanation({ lookup, postcode, suggested }: { lookup: string | null; postcode: string | null; suggested: OfficeCandidate | null }) {
  if (lookup === 'exact' && suggested)
    return (
      <p>
        {postcode} is served by <strong>{suggested.name}</strong>. Check it with the customer and confirm it, or choose another office with a reason.
      </p>
    );
  if (lookup === 'approximate')
    return <p>Only the postcode area of {postcode} is known. Ask the customer which of these offices is theirs, and choose it.</p>;
  return <p>The postcode {postcode ?? ''} is not in the office directory. Search for the customer's Jobcentre with them.</p>;
}

/** Office search (directory.searchOffices): its own form, so Enter here searches rather than confirms. */
function OfficeSearch({ bridge, exclude, primary, onFound }: { bridge: IntakeBridge; exclude: string; primary: boolean; onFound: (o: Office[]) => void }) {
  const [text, setText] = useState('');
  const [message, setMessage] = useState<string | null>(null);
  const [error, setError] = useState<CallError | null>(null);
  async function search() {
    if (text.trim().length < 2) return setError({ code: 'invalid_payload', message: 'Type at least two letters of the office name, town or postcode.' });
    const r = await bridge.invoke('directory.searchOffices', { text: text.trim() });
    if (!r.ok) return setError(r.error);
    const offices = r.value.filter((o) => o.code !== exclude);
    setError(null);
    onFound(offices);
    setMessage(offices.length ? `${offices.length} office${offices.length === 1 ? '' : 's'} found; choose one below.` : 'No offices found. Try part of the town name.');
  }
  return (
    <form
      className="office-search"
      role="search"
      aria-label="Search Jobcentres"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void search();
      }}
    >
      <label htmlFor="office-search-text">{primary ? 'Find the Jobcentre' : 'Find another Jobcentre'} (name, town or postcode)</label>
      <div className="inline">
        <input id="office-search-text" type="text" autoComplete="off" value={text} onChange={(e) => setText(e.target.value)} data-autofocus={primary ? '' : undefined} />
        <button type="submit">Search</button>
      </div>
      <p className="status" role="status">
        {message}
      </p>
      <ErrorText error={error} />
    </form>
  );
}
