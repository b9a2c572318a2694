import type { ChangeNotice as Notice } from './useCall';

/** Right after a change to an earlier answer: which later answers and confirmations now need attention. */
export function ChangeNoticeBox({ notice, onDismiss }: { notice: Notice; onDismiss: () => void }) {
  return (
    <section className="notice" aria-labelledby="change-title" role="status">
      <h2 id="change-title">Your change affects later steps</h2>
      {notice.newlyMissing.length > 0 && (
        <>
          <p>Needs attention now:</p>
          <ul>
            {notice.newlyMissing.map((m) => (
              <li key={m}>{m}</li>
            ))}
          </ul>
        </>
      )}
      {notice.noLongerUsed.length > 0 && (
        <p>
          No longer used (kept for the record): {notice.noLongerUsed.map((text) => `“${text}”`).join(', ')}.
        </p>
      )}
      <button type="button" className="link" onClick={onDismiss}>
        Dismiss
      </button>
    </section>
  );
}
