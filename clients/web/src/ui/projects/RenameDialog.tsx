import { useState } from 'preact/hooks';
import type { Project } from '../../lib/accounts';
import { call, describe } from '../../lib/api';
import { Dialog, ErrorText, notify, useAction } from '../common';

/** Renames a project. */
export function RenameDialog({ project, onDone }: { project: Project; onDone: () => void }) {
  const [name, setName] = useState(project.name);
  const { busy, error, run } = useAction();
  return (
    <Dialog title={`Rename ${project.name}`} onClose={onDone}>
      <form
        class="form"
        onSubmit={(e) => {
          e.preventDefault();
          run(async () => {
            await call('auth', 'Project.Rename', { project: project.id, name: name.trim() });
            notify('success', `Renamed to ${name.trim()}`);
            onDone();
          }, describe);
        }}
      >
        <label for="rename-name">New name</label>
        <input id="rename-name" required autoFocus value={name} onInput={(e) => setName((e.target as HTMLInputElement).value)} />
        <ErrorText error={error} />
        <div class="dialog-actions">
          <button type="button" class="button" onClick={onDone}>
            Cancel
          </button>
          <button type="submit" class="button button-primary" disabled={busy || !name.trim()}>
            Rename
          </button>
        </div>
      </form>
    </Dialog>
  );
}
