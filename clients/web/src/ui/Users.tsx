import { useState } from 'preact/hooks';
import type { User } from '../lib/accounts';
import { call, currentLogin, describe, localTime } from '../lib/api';
import { Dialog, ErrorText, Progress, notify, useAction } from './common';
import { NameField, nameCheck } from './NameField';
import { useResource } from './useResource';

/** Admin page: users (create, change password, disable, enable, unlock, delete). */
export function Users() {
  const list = useResource(async (signal) => (await call<User[]>('auth', 'User.List', {}, signal)).sort((a, b) => a.username.localeCompare(b.username)));
  const users = list.data;
  const loadError = list.error;
  const load = list.reload;
  const [passwordFor, setPasswordFor] = useState<string | null>(null);
  const [deleting, setDeleting] = useState<string | null>(null);
  const rowAction = useAction();

  const act = (action: string, username: string, done: string) =>
    rowAction.run(async () => {
      await call('auth', action, { username });
      notify('success', done);
      await load();
    }, describe);

  return (
    <section class="page" aria-labelledby="users-title">
      <div class="page-head">
        <h1 id="users-title">Users</h1>
      </div>
      <CreateUser onCreated={load} />
      <ErrorText error={loadError ?? rowAction.error} />
      {users === null && !loadError && <Progress text="Loading users…" />}
      {users && (
        <div class="table-wrap">
          <table class="table">
            <caption class="sr-only">Users</caption>
            <thead>
              <tr>
                <th scope="col">User</th>
                <th scope="col">Roles</th>
                <th scope="col">State</th>
                <th scope="col">
                  <span class="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {users.map((u) => (
                <tr key={u.username}>
                  <th scope="row" data-label="User">
                    {u.username}
                    {u.username === currentLogin()?.user && <span class="muted small"> (you)</span>}
                  </th>
                  <td data-label="Roles">
                    {u.roles.map((r) => (
                      <span key={r} class="chip">
                        {r}
                      </span>
                    ))}
                  </td>
                  <td data-label="State">
                    {u.enabled ? <span class="badge badge-ok">enabled</span> : <span class="badge badge-muted">disabled</span>}
                    {u.lockedUntil && ' '}
                    {u.lockedUntil && (
                      <span class="badge badge-warn" title="after too many failed logins">
                        locked until {localTime(u.lockedUntil)}
                      </span>
                    )}
                  </td>
                  <td class="actions" data-label="Actions">
                    {u.lockedUntil && (
                      <button
                        type="button"
                        class="button button-small"
                        disabled={rowAction.busy}
                        onClick={() => act('User.Unlock', u.username, `Unlocked ${u.username}`)}
                        aria-label={`Unlock ${u.username}`}
                      >
                        Unlock
                      </button>
                    )}
                    <button type="button" class="button button-small" onClick={() => setPasswordFor(u.username)} aria-label={`Change the password of ${u.username}`}>
                      Password
                    </button>
                    {u.enabled ? (
                      <button
                        type="button"
                        class="button button-small"
                        disabled={rowAction.busy}
                        onClick={() => act('User.Disable', u.username, `Disabled ${u.username}`)}
                        aria-label={`Disable ${u.username}`}
                      >
                        Disable
                      </button>
                    ) : (
                      <button
                        type="button"
                        class="button button-small"
                        disabled={rowAction.busy}
                        onClick={() => act('User.Enable', u.username, `Enabled ${u.username}`)}
                        aria-label={`Enable ${u.username}`}
                      >
                        Enable
                      </button>
                    )}
                    <button type="button" class="button button-small button-danger" onClick={() => setDeleting(u.username)} aria-label={`Delete ${u.username}`}>
                      Delete
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {passwordFor && (
        <PasswordDialog
          username={passwordFor}
          onDone={(changed) => {
            setPasswordFor(null);
            if (changed) {
              // A new password lifts a lock: the list shows it.
              load();
            }
          }}
        />
      )}
      {deleting && (
        <Dialog title={`Delete ${deleting}?`} onClose={() => setDeleting(null)}>
          <p>The user can no longer log in. A user who still owns projects cannot be deleted: transfer them first.</p>
          <ErrorText error={rowAction.error} />
          <div class="dialog-actions">
            <button type="button" class="button" onClick={() => setDeleting(null)}>
              Cancel
            </button>
            <button
              type="button"
              class="button button-danger"
              disabled={rowAction.busy}
              onClick={async () => {
                await act('User.Delete', deleting, `Deleted ${deleting}`);
                setDeleting(null);
              }}
            >
              Delete user
            </button>
          </div>
        </Dialog>
      )}
    </section>
  );
}

function CreateUser({ onCreated }: { onCreated: () => void }) {
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [admin, setAdmin] = useState(false);
  const { busy, error, run } = useAction();
  const name = nameCheck('USER', username);
  return (
    <form
      class="panel"
      aria-labelledby="create-user-title"
      onSubmit={(e) => {
        e.preventDefault();
        run(async () => {
          await call('auth', 'User.Create', { username: name.name, password, roles: admin ? ['admin', 'user'] : ['user'] });
          notify('success', `Created user ${name.name}`);
          setUsername('');
          setPassword('');
          setAdmin(false);
          onCreated();
        }, describe);
      }}
    >
      <h2 id="create-user-title" class="panel-title">
        New user
      </h2>
      <div class="form-row">
        <div class="field">
          <NameField id="new-user-name" label="User name" kind="USER" value={username} onInput={setUsername} />
        </div>
        <div class="field">
          <label for="new-user-password">Password (8 characters or more)</label>
          <input
            id="new-user-password"
            type="password"
            required
            minLength={8}
            autocomplete="new-password"
            value={password}
            onInput={(e) => setPassword((e.target as HTMLInputElement).value)}
          />
        </div>
        <div class="field field-check">
          <input id="new-user-admin" type="checkbox" checked={admin} onChange={(e) => setAdmin((e.target as HTMLInputElement).checked)} />
          <label for="new-user-admin">Administrator</label>
        </div>
        <button type="submit" class="button button-primary" disabled={busy || !!name.problem}>
          Create user
        </button>
      </div>
      <ErrorText error={error} />
    </form>
  );
}

function PasswordDialog({ username, onDone }: { username: string; onDone: (changed: boolean) => void }) {
  const [password, setPassword] = useState('');
  const { busy, error, run } = useAction();
  return (
    <Dialog title={`New password for ${username}`} onClose={() => onDone(false)}>
      <form
        class="form"
        onSubmit={(e) => {
          e.preventDefault();
          run(async () => {
            await call('auth', 'User.ChangePassword', { username, newPassword: password });
            notify('success', `Changed the password of ${username}`);
            onDone(true);
          }, describe);
        }}
      >
        <label for="change-password">New password (8 characters or more)</label>
        <input
          id="change-password"
          type="password"
          required
          minLength={8}
          autoFocus
          autocomplete="new-password"
          value={password}
          onInput={(e) => setPassword((e.target as HTMLInputElement).value)}
        />
        <ErrorText error={error} />
        <div class="dialog-actions">
          <button type="button" class="button" onClick={() => onDone(false)}>
            Cancel
          </button>
          <button type="submit" class="button button-primary" disabled={busy}>
            Change password
          </button>
        </div>
      </form>
    </Dialog>
  );
}
