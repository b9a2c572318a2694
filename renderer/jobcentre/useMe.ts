import { useEffect, useState } from 'react';
import type { IntakeBridge, SessionUser } from '../../machines/contract/api';

/** The signed-in user, so "recorded by" can say "you". Null until known (or if the call fails). */
export function useMe(bridge: IntakeBridge): SessionUser | null {
  const [me, setMe] = useState<SessionUser | null>(null);
  useEffect(() => {
    let live = true;
    void bridge.invoke('session.current', {}).then((r) => live && r.ok && setMe(r.value));
    return () => {
      live = false;
    };
  }, [bridge]);
  return me;
}

/** "Fay Assessor (you)" for the signed-in person, the name the service gave otherwise. */
export const byWhom = (who: { by: string; byName: string }, me: SessionUser | null) => (me && who.by === me.userId ? `${who.byName} (you)` : who.byName);
