import { useState } from 'react';
import type { IntakeBridge, RequestOf } from '../../machines/contract/api';
import { download } from './util';

/** Asks for the report as CSV and saves it; says how many rows were written. */
export function ExportButton({ bridge, request, label }: { bridge: IntakeBridge; request: RequestOf<'audit.export'>; label: string }) {
  const [status, setStatus] = useState<{ text: string; error: boolean } | null>(null);
  const [busy, setBusy] = useState(false);
  return (
    <span className="audit-export">
      <button
        type="button"
        disabled={busy}
        onClick={async () => {
          setBusy(true);
          setStatus(null);
          const r = await bridge.invoke('audit.export', request);
          setBusy(false);
          if (!r.ok) return setStatus({ text: r.error.message, error: true });
          download(r.value.filename, r.value.csv);
          setStatus({ text: `Saved ${r.value.filename} (${r.value.rows} row${r.value.rows === 1 ? '' : 's'}).`, error: false });
        }}
      >
        {busy ? 'Preparing…' : label}
      </button>
      {status && (
        <span role={status.error ? 'alert' : 'status'} className={status.error ? 'audit-error' : undefined}>
          {status.text}
        </span>
      )}
    </span>
  );
}
