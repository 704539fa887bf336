import { useState } from 'preact/hooks';
import type { Project } from '../../lib/accounts';
import { call, describe } from '../../lib/api';
import { Dialog, ErrorText, notify, useAction } from '../common';
import { NameField, nameCheck } from '../NameField';

/** Renames a project. */
export function RenameDialog({ project, onDone }: { project: Project; onDone: () => void }) {
  const [name, setName] = useState(project.name);
  const { busy, error, run } = useAction();
  const check = nameCheck('PROJECT', name, project.name);
  return (
    <Dialog title={`Rename ${project.name}`} onClose={onDone}>
      <form
        class="form"
        onSubmit={(e) => {
          e.preventDefault();
          run(async () => {
            await call('auth', 'Project.Rename', { project: project.id, name: check.name });
            notify('success', `Renamed to ${check.name}`);
            onDone();
          }, describe);
        }}
      >
        <NameField id="rename-name" label="New name" kind="PROJECT" value={name} onInput={setName} kept={project.name} autoFocus />
        <ErrorText error={error} />
        <div class="dialog-actions">
          <button type="button" class="button" onClick={onDone}>
            Cancel
          </button>
          <button type="submit" class="button button-primary" disabled={busy || !!check.problem || check.name === project.name}>
            Rename
          </button>
        </div>
      </form>
    </Dialog>
  );
}
