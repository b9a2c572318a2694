import { useEffect, useState } from 'react';
import type { IntakeBridge } from '../../machines/contract/api';
import type { EvidenceFigures, ShareRow } from '../../machines/contract/api/evidence';
import { percent } from './format';
import { Problem } from './Problem';

function ShareTable({ caption, rows, what }: { caption: string; rows: ShareRow[]; what: string }) {
  return (
    <table className="fa-figures">
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">{what}</th>
          <th scope="col">FA meetings</th>
          <th scope="col">More evidence requested</th>
          <th scope="col">Share</th>
        </tr>
      </thead>
      <tbody>
        {rows.length === 0 ? (
          <tr>
            <td colSpan={4}>No FA meetings recorded yet.</td>
          </tr>
        ) : (
          rows.map((r) => (
            <tr key={r.key}>
              <th scope="row">{r.label}</th>
              <td>{r.meetings}</td>
              <td>{r.evidenceRequested}</td>
              <td>{percent(r.share)}</td>
            </tr>
          ))
        )}
      </tbody>
    </table>
  );
}

/**
 * Share of FA meetings where more evidence was requested, by benefit and by FCO, and the feedback by category;
 * against the Pathfinder baseline (47%, PF:641). Team leaders can use the same component for all offices.
 */
export function FiguresView({ bridge, officeCode }: { bridge: IntakeBridge; officeCode?: string }) {
  const [figures, setFigures] = useState<EvidenceFigures | null>(null);
  const [error, setError] = useState<{ message: string } | null>(null);
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');

  const load = async () => {
    const r = await bridge.invoke('evidence.figures', { ...(from ? { from } : {}), ...(to ? { to } : {}), ...(officeCode ? { officeCode } : {}) });
    if (r.ok) (setFigures(r.value), setError(null));
    else setError(r.error);
  };
  useEffect(() => {
    void load();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [bridge, officeCode]);

  const fb = figures?.feedback;
  return (
    <section aria-labelledby="fa-figures-title" className="fa-figures-view">
      <h2 id="fa-figures-title">Evidence figures{figures?.officeCode ? ` for ${figures.officeCode}` : ' (all Jobcentres)'}</h2>
      <form
        className="inline fa-figures-range"
        onSubmit={(e) => {
          e.preventDefault();
          void load();
        }}
      >
        <label htmlFor="fig-from">From</label>
        <input id="fig-from" type="date" value={from} onChange={(e) => setFrom(e.target.value)} />
        <label htmlFor="fig-to">To</label>
        <input id="fig-to" type="date" value={to} onChange={(e) => setTo(e.target.value)} />
        <button type="submit">Show</button>
      </form>
      <Problem error={error} />
      {figures && (
        <>
          <p className="fa-headline" data-testid="overall-share">
            More evidence was requested at <strong>{percent(figures.overall.share)}</strong> of {figures.overall.meetings} FA meeting
            {figures.overall.meetings === 1 ? '' : 's'} (baseline {percent(figures.baseline.share)}, {figures.baseline.source}).
          </p>
          <ShareTable caption="By benefit" rows={figures.byBenefit} what="Benefit" />
          <ShareTable caption="By FCO" rows={figures.byFco} what="FCO" />
          <table className="fa-figures">
            <caption>Feedback to the contact centre, by category</caption>
            <thead>
              <tr>
                <th scope="col">FCO</th>
                <th scope="col">Feedback</th>
                <th scope="col">Claim form missing</th>
                <th scope="col">Claim form incorrect</th>
                <th scope="col">Evidence missing</th>
                <th scope="col">Wrong benefit</th>
                <th scope="col">Wrong office</th>
                <th scope="col">Wished they had known</th>
                <th scope="col">No problem</th>
              </tr>
            </thead>
            <tbody>
              {figures.feedbackByFco.map((f) => (
                <tr key={f.fcoId}>
                  <th scope="row">{f.fcoName ?? f.fcoId}</th>
                  <td>{f.total}</td>
                  <td>{f.claimFormMissing}</td>
                  <td>{f.claimFormIncorrect}</td>
                  <td>{f.evidenceMissing}</td>
                  <td>{f.wrongBenefit}</td>
                  <td>{f.wrongOffice}</td>
                  <td>{f.wishedKnown}</td>
                  <td>{f.noProblem}</td>
                </tr>
              ))}
            </tbody>
            {fb && (
              <tfoot>
                <tr>
                  <th scope="row">All</th>
                  <td>{fb.total}</td>
                  <td>{fb.claimFormMissing}</td>
                  <td>{fb.claimFormIncorrect}</td>
                  <td>{fb.evidenceMissing}</td>
                  <td>{fb.wrongBenefit}</td>
                  <td>{fb.wrongOffice}</td>
                  <td>{fb.wishedKnown}</td>
                  <td>{fb.noProblem}</td>
                </tr>
              </tfoot>
            )}
          </table>
          {figures.topShortfalls.length > 0 && (
            <>
              <h3>Evidence most often missing or requested</h3>
              <ol>
                {figures.topShortfalls.map((s) => (
                  <li key={s.itemId}>
                    {s.what}: {s.count} claim{s.count === 1 ? '' : 's'}
                  </li>
                ))}
              </ol>
            </>
          )}
        </>
      )}
    </section>
  );
}
