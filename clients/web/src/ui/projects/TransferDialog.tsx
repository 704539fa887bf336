import { useState } from 'preact/hooks';
import type { Project, User } from '../../lib/accounts';
import { call, currentLogin, describe, isAdmin } from '../../lib/api';
import { Dialog, ErrorText, notify, useAction } from '../common';
import { useResource } from '../useResource';

/** Gives a project to another user. */
export function TransferDialog({ project, onDone }: { project: Project; onDone: () => void }) {
  const [owner, setOwner] = useState('');
  const { busy, error, run } = useAction();
  // Suggestions only (an admin may list the users); without them the name is typed in full.
  const others = useResource(async (signal) =>
    isAdmin() ? (await call<User[]>('auth', 'User.List', {}, signal)).map((u) => u.username).filter((u) => u !== project.owner) : [],
  );
  const users = others.data ?? [];
  return (
    <Dialog title={`Transfer ${project.name}`} onClose={onDone}>
      <form
        class="form"
        onSubmit={(e) => {
          e.preventDefault();
          run(async () => {
            await call('auth', 'Project.TransferOwnership', { project: project.id, newOwner: owner.trim() });
            notify('success', `${owner.trim()} now owns ${project.name}`);
            onDone();
          }, describe);
        }}
      >
        <p>
          The new owner gets every right on the project; you keep only what your groups give you
          {currentLogin()?.user === project.owner ? '' : ` (it is now ${project.owner}'s)`}.
        </p>
        <label for="transfer-owner">New owner (user name)</label>
        <input id="transfer-owner" required list="transfer-users" autoFocus value={owner} onInput={(e) => setOwner((e.target as HTMLInputElement).value)} />
        <datalist id="transfer-users">
          {users.map((u) => (
            <option key={u} value={u} />
          ))}
        </datalist>
        <ErrorText error={error} />
        <div class="dialog-actions">
          <button type="button" class="button" onClick={onDone}>
            Cancel
          </button>
          <button type="submit" class="button button-primary" disabled={busy || !owner.trim()}>
            Transfer ownership
          </button>
        </div>
      </form>
    </Dialog>
  );
}
