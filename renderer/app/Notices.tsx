import { useEffect, useState } from 'react';
import type { IntakeBridge } from '../../machines/contract/api';

/** Licence notices for the reference data (Open Government Licence attribution), and the demo-data warning. */
export function Notices({ bridge }: { bridge: IntakeBridge }) {
  const [notices, setNotices] = useState<{ notices: string[]; demoData: boolean } | null>(null);
  useEffect(() => {
    let live = true;
    void bridge.invoke('reference.notices', {}).then((r) => live && r.ok && setNotices(r.value));
    return () => {
      live = false;
    };
  }, [bridge]);
  return (
    <footer className="notices">
      {notices?.demoData && <p className="demo-warning">Demo data: offices and postcodes are fictional. Do not take real claims.</p>}
      <ul>
        {notices?.notices.map((n) => (
          <li key={n}>{n}</li>
        ))}
      </ul>
    </footer>
  );
}
