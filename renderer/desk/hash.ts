import { useEffect, useState } from 'react';

/** The open call lives in the URL hash (#/call/<id>), so a reload or a second tab resumes the same call. */
export function readCallId(hash: string = location.hash): string | null {
  const m = /^#\/call\/([^/?#]+)$/.exec(hash);
  return m ? decodeURIComponent(m[1]!) : null;
}

export function callHash(callId: string | null): string {
  return callId ? `#/call/${encodeURIComponent(callId)}` : '#/';
}

export function useCallIdFromHash(): [string | null, (id: string | null) => void] {
  const [callId, setCallId] = useState(() => readCallId());
  useEffect(() => {
    const onChange = () => setCallId(readCallId());
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, []);
  const open = (id: string | null) => {
    const next = callHash(id);
    if (location.hash !== next) location.hash = next;
    setCallId(id);
  };
  return [callId, open];
}
