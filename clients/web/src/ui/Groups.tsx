import { useState } from 'preact/hooks';
import type { Group, User } from '../lib/accounts';
import { call, currentLogin, describe, isAdmin } from '../lib/api';
import { Dialog, ErrorText, Progress, notify, useAction } from './common';
import { NameField, nameCheck } from './NameField';
import { useResource } from './useResource';

/** Groups: admins see and manage all; a user sees their groups, and a group's owner manages its members. */
export function Groups() {
  const admin = isAdmin();
  const list = useResource(async (signal) => (await call<Group[]>('auth', 'Group.List', {}, signal)).sort((a, b) => a.name.localeCompare(b.name)));
  const groups = list.data;
  const loadError = list.error;
  const load = list.reload;
  // The user names an admin may add, as suggestions only: without them a name is typed in full.
  const known = useResource(async (signal) => (admin ? (await call<User[]>('auth', 'User.List', {}, signal)).map((u) => u.username) : []));
  const users = known.data ?? [];
  const [deleting, setDeleting] = useState<string | null>(null);
  const action = useAction();

  const change = (work: () => Promise<unknown>, done: string) =>
    action.run(async () => {
      await work();
      notify('success', done);
      await load();
    }, describe);

  return (
    <section class="page" aria-labelledby="groups-title">
      <div class="page-head">
        <h1 id="groups-title">Groups</h1>
      </div>
      {admin ? <CreateGroup onCreated={load} /> : <p class="muted">Groups you belong to. Projects are shared with groups; an administrator creates them.</p>}
      <ErrorText error={loadError ?? action.error} />
      {groups === null && !loadError && <Progress text="Loading groups…" />}
      {groups && groups.length === 0 && <p class="empty">No groups yet.</p>}
      <datalist id="known-users">
        {users.map((u) => (
          <option key={u} value={u} />
        ))}
      </datalist>
      <div class="cards">
        {groups?.map((g) => {
          const manages = admin || g.owner === currentLogin()?.user;
          return (
            <section key={g.name} class="card" aria-labelledby={`group-${g.name}`}>
              <div class="card-head">
                <h2 id={`group-${g.name}`}>{g.name}</h2>
                <span class="muted small">owner {g.owner}</span>
              </div>
              <h3 class="sr-only">Members</h3>
              <ul class="member-list">
                {g.members.map((m) => (
                  <li key={m} class="chip chip-removable">
                    {m}
                    {manages && m !== g.owner && (
                      <button
                        type="button"
                        class="chip-remove"
                        aria-label={`Remove ${m} from ${g.name}`}
                        disabled={action.busy}
                        onClick={() => change(() => call('auth', 'Group.RemoveMember', { group: g.name, user: m }), `Removed ${m} from ${g.name}`)}
                      >
                        ×
                      </button>
                    )}
                  </li>
                ))}
              </ul>
              {manages && <AddMember group={g.name} busy={action.busy} onAdd={(user) => change(() => call('auth', 'Group.AddMember', { group: g.name, user }), `Added ${user} to ${g.name}`)} />}
              {admin && (
                <button type="button" class="button button-small button-danger" onClick={() => setDeleting(g.name)} aria-label={`Delete group ${g.name}`}>
                  Delete group
                </button>
              )}
            </section>
          );
        })}
      </div>
      {deleting && (
        <Dialog title={`Delete group ${deleting}?`} onClose={() => setDeleting(null)}>
          <p>Projects shared with it are no longer shared with its members.</p>
          <div class="dialog-actions">
            <button type="button" class="button" onClick={() => setDeleting(null)}>
              Cancel
            </button>
            <button
              type="button"
              class="button button-danger"
              onClick={async () => {
                const name = deleting;
                setDeleting(null);
                await change(() => call('auth', 'Group.Delete', { group: name }), `Deleted group ${name}`);
              }}
            >
              Delete group
            </button>
          </div>
        </Dialog>
      )}
    </section>
  );
}

function AddMember({ group, busy, onAdd }: { group: string; busy: boolean; onAdd: (user: string) => Promise<unknown> }) {
  const [user, setUser] = useState('');
  const id = `add-member-${group}`;
  return (
    <form
      class="inline-form"
      onSubmit={async (e) => {
        e.preventDefault();
        await onAdd(user.trim());
        setUser('');
      }}
    >
      <label for={id} class="sr-only">
        User to add to {group}
      </label>
      <input id={id} placeholder="user name" list="known-users" required value={user} onInput={(e) => setUser((e.target as HTMLInputElement).value)} />
      <button type="submit" class="button button-small" disabled={busy || !user.trim()}>
        Add member<span class="sr-only"> to {group}</span>
      </button>
    </form>
  );
}

function CreateGroup({ onCreated }: { onCreated: () => void }) {
  const [name, setName] = useState('');
  const { busy, error, run } = useAction();
  const check = nameCheck('GROUP', name);
  return (
    <form
      class="panel"
      aria-labelledby="create-group-title"
      onSubmit={(e) => {
        e.preventDefault();
        run(async () => {
          await call('auth', 'Group.Create', { name: check.name });
          notify('success', `Created group ${check.name}`);
          setName('');
          onCreated();
        }, describe);
      }}
    >
      <h2 id="create-group-title" class="panel-title">
        New group
      </h2>
      <div class="form-row">
        <div class="field">
          <NameField id="new-group-name" label="Name" kind="GROUP" value={name} onInput={setName} />
        </div>
        <button type="submit" class="button button-primary" disabled={busy || !!check.problem}>
          Create group
        </button>
      </div>
      <ErrorText error={error} />
    </form>
  );
}
