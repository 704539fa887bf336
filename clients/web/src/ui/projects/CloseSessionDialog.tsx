import type { Project } from '../../lib/accounts';
import { call, describe } from '../../lib/api';
import type { SessionView } from '../../lib/sessions';
import { Dialog, ErrorText, notify, useAction } from '../common';
import { whoIsIn } from './inUse';

/** Closes another user's session of a project (its owner or an admin), after naming everyone in it. */
export function CloseSessionDialog({ project, session, me, onDone }: { project: Project; session: SessionView; me?: string; onDone: () => void }) {
  const { busy, error, run } = useAction();
  const people = whoIsIn(session, me);
  return (
    <Dialog title={`Close ${session.user}’s session of ${project.name}?`} onClose={() => !busy && onDone()}>
      <p>
        Its services stop for everyone in it; unsaved input in their forms is lost. Saved versions stay in the history.
      </p>
      <p>In this session:</p>
      <ul class="people-list">
        {people.map((p) => (
          <li key={p}>{p}</li>
        ))}
      </ul>
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
              await call('gss', 'Session.Close', { session: session.session });
              notify('success', `Closing ${session.user}’s session of ${project.name}`);
              onDone();
            }, describe)
          }
        >
          Close {session.user}’s session
        </button>
      </div>
    </Dialog>
  );
}
