import { useCallback, useEffect, useState } from 'react';
import type { IntakeBridge } from '../../machines/contract/api';
import type { FcoFeedback } from '../../machines/contract/api/evidence';
import type { CallError } from '../../machines/contract/errors';
import { ukWhen } from '../fa/format';
import { ErrorText } from './ErrorText';

const CLAIM_FORM = { none: null, missing: 'The claim form was missing', incorrect: 'The claim form was wrong' } as const;

/** What one piece of feedback asks the FCO to put right, in the assessor's words; empty when nothing was wrong. */
function findings(f: FcoFeedback): { what: string; detail: string | null }[] {
  const out: { what: string; detail: string | null }[] = [];
  const form = CLAIM_FORM[f.claimForm];
  if (form) out.push({ what: form, detail: f.claimFormNote || null });
  if (f.evidenceMissingText.length || f.evidenceNote)
    out.push({ what: f.evidenceMissingText.length ? `Evidence missing: ${f.evidenceMissingText.join('; ')}` : 'Evidence missing', detail: f.evidenceNote || null });
  if (f.wrongBenefit) out.push({ what: 'The benefit was wrong', detail: null });
  if (f.wrongOffice) out.push({ what: 'The Jobcentre was wrong', detail: null });
  if (f.wishedKnown) out.push({ what: 'What the assessor wished they had known before the meeting', detail: f.wishedKnown });
  return out;
}

/**
 * The feedback proformas financial assessors returned on this FCO's claims (PF:688): what was missing or wrong at the
 * FA meeting, and what the assessor wished they had known, so the next call asks for it. Newest first, live.
 */
export function FeedbackFromAssessors({ bridge }: { bridge: IntakeBridge }) {
  const [rows, setRows] = useState<FcoFeedback[] | null>(null);
  const [error, setError] = useState<CallError | null>(null);

  const load = useCallback(async () => {
    const r = await bridge.invoke('evidence.feedbackForFco', { limit: 20 });
    if (r.ok) {
      setRows(r.value);
      setError(null);
    } else setError(r.error);
  }, [bridge]);
  useEffect(() => {
    void load();
  }, [load]);
  useEffect(() => bridge.subscribe((n) => n.topic === 'feedback' && void load()), [bridge, load]);

  return (
    <section aria-labelledby="fco-feedback-title" className="fco-feedback">
      <h2 id="fco-feedback-title">Feedback from financial assessors</h2>
      <ErrorText error={error} />
      {rows?.length === 0 && <p>No feedback from financial assessors on your claims yet.</p>}
      {rows && rows.length > 0 && (
        <ul className="fco-feedback-list">
          {rows.map((f) => {
            const found = findings(f);
            return (
              <li key={f.id} className="fco-feedback-item">
                <h3>
                  {f.customerName ?? 'Customer not named'} · {f.benefitName} <span className="side-meta">(claim {f.callId})</span>
                </h3>
                <p className="side-meta">
                  From {f.byName ?? 'a financial assessor'} at {f.officeName}, {ukWhen(f.at)}
                </p>
                {found.length === 0 ? (
                  <p>Nothing to put right: the claim arrived complete.</p>
                ) : (
                  <ul>
                    {found.map((x) => (
                      <li key={x.what}>
                        <strong>{x.what}</strong>
                        {x.detail && <>: “{x.detail}”</>}
                      </li>
                    ))}
                  </ul>
                )}
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
