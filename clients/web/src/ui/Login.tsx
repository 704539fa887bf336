import { useEffect, useRef, useState } from 'preact/hooks';
import { describe, logIn } from '../lib/api';
import { navigate } from '../lib/router';
import { ErrorText, Spinner, useAction } from './common';

/** The login screen; after login it goes back to `next` (where an expired login left the user). */
export function Login({ next, expired }: { next: string | null; expired: boolean }) {
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const { busy, error, run } = useAction();
  const passwordField = useRef<HTMLInputElement>(null);

  // After a refused login the wrong password goes and the cursor waits in its field.
  useEffect(() => {
    if (error) {
      passwordField.current?.focus();
    }
  }, [error]);

  const submit = (e: Event) => {
    e.preventDefault();
    run(async () => {
      try {
        await logIn(username.trim(), password);
      } catch (refused) {
        setPassword('');
        throw refused;
      }
      const target = next && next.startsWith('/') && !next.startsWith('/login') ? next : '/projects';
      navigate(target, true);
    }, describe);
  };

  return (
    <section class="login">
      <div class="login-card">
        <p class="brand brand-large" aria-hidden="true">
          <span class="brand-mark">◆</span> OpenTwin/J
        </p>
        <h1>Log in</h1>
        {expired && (
          <p class="info-text" role="status">
            Your login expired. Log in again to go back to where you were.
          </p>
        )}
        <form onSubmit={submit} class="form" aria-describedby={error ? 'login-error' : undefined}>
          <label for="login-user">User name</label>
          <input
            id="login-user"
            name="username"
            autocomplete="username"
            required
            autoFocus
            value={username}
            onInput={(e) => setUsername((e.target as HTMLInputElement).value)}
          />
          <label for="login-password">Password</label>
          <input
            id="login-password"
            name="password"
            type="password"
            autocomplete="current-password"
            ref={passwordField}
            required
            value={password}
            onInput={(e) => setPassword((e.target as HTMLInputElement).value)}
          />
          <div id="login-error">
            <ErrorText error={error} />
          </div>
          <button type="submit" class="button button-primary" disabled={busy}>
            {busy && <Spinner />} {busy ? 'Logging in…' : 'Log in'}
          </button>
        </form>
        <p class="hint">Your administrator gives you a user name. The first user is <code>admin</code>, created by <code>opentwin up</code>.</p>
      </div>
    </section>
  );
}
