import { useState } from 'react';
import type { IntakeBridge, SessionUser } from '../../machines/contract/api';
import type { CallError } from '../../machines/contract/errors';
import { ErrorText } from '../desk/ErrorText';

/** Sign-in. The password is checked on the Node side (scrypt); the desk only keeps the session token. */
export function SignIn({ bridge, onSignedIn, expired }: { bridge: IntakeBridge; onSignedIn: (token: string, user: SessionUser) => void; expired: boolean }) {
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<CallError | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit() {
    if (busy) return;
    if (!username.trim() || !password) return setError({ code: 'unauthorised', message: 'Enter your username and password.' });
    setBusy(true);
    const r = await bridge.invoke('session.signIn', { username: username.trim(), password });
    setBusy(false);
    if (r.ok) onSignedIn(r.value.token, r.value.user);
    else {
      setError(r.error);
      setPassword('');
    }
  }

  return (
    <section className="sign-in" aria-labelledby="sign-in-title">
      <h1 id="sign-in-title">Sign in to the claim intake desk</h1>
      {expired && <p className="notice" role="status">Your session ended. Sign in again; answers already accepted are kept.</p>}
      <form
        noValidate
        aria-busy={busy || undefined}
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <label htmlFor="username">Username</label>
        <input id="username" name="username" type="text" autoComplete="username" autoFocus value={username} onChange={(e) => setUsername(e.target.value)} />
        <label htmlFor="password">Password</label>
        <input id="password" name="password" type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} />
        <ErrorText error={error} />
        <div className="actions">
          <button type="submit" className="primary">
            Sign in
          </button>
        </div>
      </form>
    </section>
  );
}
