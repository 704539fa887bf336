import { useState } from 'preact/hooks';
import type { Group, Project } from '../../lib/accounts';
import { call, describe } from '../../lib/api';
import { Dialog, ErrorText, Spinner, useAction } from '../common';
import { useResource } from '../useResource';

/** Shares a project with a group (read or write) and stops sharing it; the list behind reloads after each change. */
export function ShareDialog({ project, onChanged, onDone }: { project: Project; onChanged: () => void; onDone: () => void }) {
  const groups = useResource((signal) => call<Group[]>('auth', 'Group.List', {}, signal));
  const [shares, setShares] = useState(project.shares);
  const [chosen, setGroup] = useState<string | null>(null);
  const [access, setAccess] = useState<'read' | 'write'>('read');
  const { busy, error, run } = useAction();
  // Groups it cannot list (AUTH refused) leave a text field for the group's name.
  const choices = groups.data ?? (groups.error ? [] : null);
  // Until the user picks one: the first group it is not shared with yet.
  const group = chosen ?? choices?.find((g) => !(g.name in project.shares))?.name ?? choices?.[0]?.name ?? '';
  const apply = (action: () => Promise<Project>) =>
    run(async () => {
      const updated = await action();
      setShares(updated.shares);
      onChanged();
    }, describe);
  return (
    <Dialog title={`Share ${project.name}`} onClose={onDone}>
      <h3 class="dialog-sub">Shared with</h3>
      {Object.keys(shares).length === 0 ? (
        <p class="muted">Only its owner, {project.owner}, has it.</p>
      ) : (
        <ul class="plain-list">
          {Object.entries(shares).map(([g, a]) => (
            <li key={g}>
              <span>
                <strong>{g}</strong> can {a === 'write' ? 'read and change' : 'read'} it
              </span>
              <button
                type="button"
                class="button button-small"
                disabled={busy}
                aria-label={`Stop sharing with ${g}`}
                onClick={() => apply(() => call<Project>('auth', 'Project.Unshare', { project: project.id, group: g }))}
              >
                Stop sharing
              </button>
            </li>
          ))}
        </ul>
      )}
      <form
        class="form"
        onSubmit={(e) => {
          e.preventDefault();
          apply(() => call<Project>('auth', 'Project.Share', { project: project.id, group, access }));
        }}
      >
        <div class="form-row">
          <div class="field">
            <label for="share-group">Group</label>
            {choices === null ? (
              <Spinner label="Loading groups" />
            ) : choices.length === 0 ? (
              <input id="share-group" required value={group} onInput={(e) => setGroup((e.target as HTMLInputElement).value)} />
            ) : (
              <select id="share-group" value={group} onChange={(e) => setGroup((e.target as HTMLSelectElement).value)}>
                {choices.map((g) => (
                  <option key={g.name} value={g.name}>
                    {g.name}
                  </option>
                ))}
              </select>
            )}
          </div>
          <div class="field">
            <label for="share-access">Access</label>
            <select id="share-access" value={access} onChange={(e) => setAccess((e.target as HTMLSelectElement).value as 'read' | 'write')}>
              <option value="read">read</option>
              <option value="write">write</option>
            </select>
          </div>
          <button type="submit" class="button button-primary" disabled={busy || !group}>
            Share
          </button>
        </div>
        <ErrorText error={error} />
      </form>
      <div class="dialog-actions">
        <button type="button" class="button" onClick={onDone}>
          Done
        </button>
      </div>
    </Dialog>
  );
}
