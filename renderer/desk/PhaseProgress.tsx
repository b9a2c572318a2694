import type { DeskState } from '../../machines/deskState';

const MARK: Record<string, string> = { done: '✓', current: '●', todo: '', skipped: '–' };
const SAY: Record<string, string> = { done: 'done', current: 'current step', todo: 'to do', skipped: 'not needed' };

/** The call's phases along the top, so the FCO knows how far through the script they are. */
export function PhaseProgress({ phases, phase }: { phases: DeskState['phases']; phase: DeskState['phase'] }) {
  const finished = phase === 'complete' || phase === 'ended';
  return (
    <nav aria-label="Call progress" className="progress">
      <ol>
        {phases.map((p) => (
          <li key={p.id} className={`phase phase-${p.status}`} aria-current={p.status === 'current' && !finished ? 'step' : undefined}>
            <span aria-hidden="true" className="phase-mark">
              {MARK[p.status]}
            </span>
            {p.title}
            <span className="visually-hidden"> ({SAY[p.status]})</span>
          </li>
        ))}
        {finished && (
          <li className="phase phase-current" aria-current="step">
            {phase === 'complete' ? 'Complete' : 'Ended'}
          </li>
        )}
      </ol>
    </nav>
  );
}
