import { useCallback, useEffect, useState } from 'react';
import type { IntakeBridge, SessionUser } from '../../machines/contract/api';
import { Desk } from '../desk/Desk';
import { FaWorkspace } from '../fa/FaWorkspace';
import { Notices } from './Notices';
import { SignIn } from './SignIn';
import { TeamLeaderHome } from './TeamLeaderHome';

export type AppBridge = IntakeBridge & { setToken(t: string | null): void };

const ROLE_NAMES = { fco: 'First Contact Officer', fa: 'Financial Assessor', teamLeader: 'Team leader' } as const;

/**
 * The shell: sign-in, then the workspace for the person's role (FCO → desk, FA → FA workspace, team leader →
 * audit and all calls), with who is signed in, sign-out, and the reference-data notices.
 */
export function App({ bridge }: { bridge: AppBridge }) {
  const [user, setUser] = useState<SessionUser | null | 'checking'>('checking');
  const [expired, setExpired] = useState(false);

  useEffect(() => {
    // A token kept from before a reload resumes the session (and the call in the URL hash).
    void bridge.invoke('session.current', {}).then((r) => setUser(r.ok ? r.value : null));
  }, [bridge]);

  const onUnauthorised = useCallback(() => {
    bridge.setToken(null);
    setExpired(true);
    setUser(null);
  }, [bridge]);

  const signOut = async () => {
    await bridge.invoke('session.signOut', {});
    bridge.setToken(null);
    setExpired(false);
    setUser(null);
  };

  return (
    <div className="app">
      <header className="masthead">
        <span className="app-name">Claim intake desk</span>
        {user && user !== 'checking' && (
          <span className="who">
            Signed in as <strong>{user.displayName}</strong> ({ROLE_NAMES[user.role]})
            <button type="button" className="link on-dark" onClick={() => void signOut()}>
              Sign out
            </button>
          </span>
        )}
      </header>
      <main id="main">
        {user === 'checking' ? (
          <p role="status">Loading…</p>
        ) : user === null ? (
          <SignIn
            bridge={bridge}
            expired={expired}
            onSignedIn={(token, u) => {
              bridge.setToken(token);
              setExpired(false);
              setUser(u);
            }}
          />
        ) : user.role === 'fco' ? (
          <Desk bridge={bridge} onUnauthorised={onUnauthorised} />
        ) : user.role === 'fa' ? (
          <FaWorkspace bridge={bridge} user={user} />
        ) : (
          <TeamLeaderHome bridge={bridge} user={user} onUnauthorised={onUnauthorised} />
        )}
      </main>
      <Notices bridge={bridge} />
    </div>
  );
}
