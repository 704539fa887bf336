import { useState } from 'preact/hooks';
import type { Project } from '../../lib/accounts';
import { call, describe } from '../../lib/api';
import { withModelSession } from '../../lib/sessions';
import { ErrorText, useAction } from '../common';
import { NameField, nameCheck } from '../NameField';

const TEMPLATES: { name: string; label: string }[] = [
  { name: '', label: 'Empty project' },
  { name: 'antenna', label: 'Antenna: patch antenna geometry, materials, solver settings' },
  { name: 'kriging', label: 'Kriging: field samples to interpolate' },
];

/** The *New project* form: creates the project at AUTH, then applies the template chosen through a model session. */
export function CreateProject({ busy, onProgress, onCreated }: { busy: boolean; onProgress: (text: string | null) => void; onCreated: (p: Project) => void }) {
  const [name, setName] = useState('');
  const [template, setTemplate] = useState('');
  const { error, run } = useAction();
  const check = nameCheck('PROJECT', name);
  const submit = (e: Event) => {
    e.preventDefault();
    run(async () => {
      onProgress('Creating project…');
      try {
        const project = await call<Project>('auth', 'Project.Create', { name: check.name });
        if (template) {
          try {
            await withModelSession(
              project.id,
              async (relay) => {
                onProgress(`Applying the template ${template}…`);
                await relay.request('model', { action: 'Model.ApplyTemplate', template }, { retry: false });
              },
              onProgress,
            );
          } catch (e) {
            // A project without the template it was asked for is not what the user wanted: take it back.
            await call('auth', 'Project.Delete', { project: project.id }).catch(() => undefined);
            throw e;
          }
        }
        setName('');
        setTemplate('');
        onCreated(project);
      } finally {
        onProgress(null);
      }
    }, describe);
  };
  return (
    <form class="create-project panel" onSubmit={submit} aria-labelledby="create-title">
      <h2 id="create-title" class="panel-title">
        New project
      </h2>
      <div class="form-row">
        <div class="field">
          <NameField id="new-project-name" label="Name" kind="PROJECT" value={name} onInput={setName} />
        </div>
        <div class="field">
          <label for="new-project-template">Start from</label>
          <select id="new-project-template" value={template} onChange={(e) => setTemplate((e.target as HTMLSelectElement).value)}>
            {TEMPLATES.map((t) => (
              <option key={t.name} value={t.name}>
                {t.label}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" class="button button-primary" disabled={busy || !!check.problem}>
          Create project
        </button>
      </div>
      <ErrorText error={error} />
    </form>
  );
}
