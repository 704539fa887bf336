import { useState } from 'preact/hooks';
import type { Project } from '../../lib/accounts';
import { call, currentLogin, describe } from '../../lib/api';
import { withModelSession, type SessionView } from '../../lib/sessions';
import { Dialog, ErrorText, Progress, notify, useAction } from '../common';

/** Deletes a project with its model and history (through a model session), closing its open session. */
export function DeleteDialog({ project, open, onDone }: { project: Project; open?: SessionView; onDone: () => void }) {
  const [step, setStep] = useState<string | null>(null);
  const { busy, error, run } = useAction();
  return (
    <Dialog title={`Delete ${project.name}?`} onClose={() => !busy && onDone()}>
      <p>
        The project, its model and its whole history are deleted for everyone it is shared with. This cannot be undone.
        {open && (open.user === currentLogin()?.user ? ' Its open session is closed.' : ` ${open.user}’s open session of it is closed for everyone in it.`)}
      </p>
      {step && <Progress text={step} />}
      <ErrorText error={error} />
      <div class="dialog-actions">
        <button type="button" class="button" onClick={onDone} disabled={busy}>
          Cancel
        </button>
        <button
          type="button"
          class="button button-danger"
          disabled={busy}
          onClick={() =>
            run(async () => {
              await withModelSession(
                project.id,
                async (relay) => {
                  setStep('Deleting the model and its history…');
                  await relay.request('model', { action: 'Model.DeleteProject' }, { retry: false });
                },
                setStep,
              );
              if (open) {
                await call('gss', 'Session.Close', { session: open.session }).catch(() => undefined);
              }
              notify('success', `Deleted ${project.name}`);
              onDone();
            }, describe).finally(() => setStep(null))
          }
        >
          Delete project
        </button>
      </div>
    </Dialog>
  );
}
