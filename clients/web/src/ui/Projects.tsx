import { useEffect, useMemo, useState } from 'preact/hooks';
import type { Project } from '../lib/accounts';
import { call, currentLogin, describe, isAdmin } from '../lib/api';
import { navigate } from '../lib/router';
import { ENDED, SERVING, newSession, type SessionView } from '../lib/sessions';
import { ErrorText, Progress, Spinner, StateBadge, notify } from './common';
import { CloseSessionDialog } from './projects/CloseSessionDialog';
import { CreateProject } from './projects/CreateProject';
import { DeleteDialog } from './projects/DeleteDialog';
import { RenameDialog } from './projects/RenameDialog';
import { ShareDialog } from './projects/ShareDialog';
import { TransferDialog } from './projects/TransferDialog';
import { inUseText, isIn, mayCloseOthers, rowAction } from './projects/inUse';
import { useResource } from './useResource';

type Dialogs = { kind: 'rename' | 'share' | 'transfer' | 'delete'; project: Project } | { kind: 'close-session'; project: Project; session: SessionView } | null;

/** The projects the user may open, their open sessions, and the dialogs that manage a project. */
export function Projects() {
  const [search, setSearch] = useState('');
  const [dialog, setDialog] = useState<Dialogs>(null);
  const [progress, setProgress] = useState<string | null>(null);
  const [opening, setOpening] = useState<string | null>(null);
  // The project just created: highlighted, and scrolled into sight once listed (on a phone the
  // list is long and the form at its top, so the new row would land below the fold).
  const [fresh, setFresh] = useState<string | null>(null);

  const list = useResource(
    async (signal) => {
      // Every running session of a project the user may read, whoever opened it: the list shows who uses a project.
      const [projects, sessions] = await Promise.all([
        call<Project[]>('auth', 'Project.List', {}, signal),
        call<SessionView[]>('gss', 'Session.List', { scope: 'visible' }, signal),
      ]);
      return { projects: projects.sort((a, b) => a.name.localeCompare(b.name)), sessions };
    },
    // While a session is on its way in or out (neither serving nor ended), keep the list current.
    { pollWhile: ({ sessions }) => sessions.some((s) => !SERVING.includes(s.state) && !ENDED.includes(s.state)), pollMs: 2000 },
  );
  const projects = list.data?.projects ?? null;
  const me = currentLogin()?.user;
  const visible = list.data?.sessions ?? [];
  // The user's own sessions: those they opened or joined.
  const sessions = visible.filter((s) => isIn(s, me));
  const loadError = list.error;
  const load = list.reload;

  const shown = useMemo(() => {
    const q = search.trim().toLowerCase();
    return (projects ?? []).filter(
      (p) => !q || p.name.toLowerCase().includes(q) || p.owner.toLowerCase().includes(q) || p.id.toLowerCase().includes(q),
    );
  }, [projects, search]);

  useEffect(() => {
    if (fresh && !search) {
      document.querySelector(`tr[data-project="${CSS.escape(fresh)}"]`)?.scrollIntoView({ block: 'center' });
    }
  }, [fresh, projects]);

  const sessionOf = (project: string) => visible.find((s) => s.project === project && !ENDED.includes(s.state));

  const open = async (project: Project) => {
    const existing = sessionOf(project.id);
    if (existing && !isIn(existing, me)) {
      await join(project, existing);
      return;
    }
    if (existing) {
      navigate('/session/' + encodeURIComponent(existing.session));
      return;
    }
    setOpening(project.id);
    try {
      const view = await newSession(project.id, undefined, (s) => notify('info', `Every server is busy starting sessions; trying again in ${s} s`));
      navigate('/session/' + encodeURIComponent(view.session));
    } catch (e) {
      notify('error', `Cannot open ${project.name}: ${describe(e)}`);
      load();
    } finally {
      setOpening(null);
    }
  };

  const join = async (project: Project, session: SessionView) => {
    setOpening(project.id);
    try {
      const view = await call<SessionView>('gss', 'Session.Join', { session: session.session });
      navigate('/session/' + encodeURIComponent(view.session));
    } catch (e) {
      notify('error', `Cannot join ${session.user}’s session of ${project.name}: ${describe(e)}`);
      load();
    } finally {
      setOpening(null);
    }
  };

  const canManage = (p: Project) => p.access === 'owner' || isAdmin();
  // A session can outlive its project's place in the list (the project was deleted or is no longer shared).
  const nameOf = (id: string) => projects?.find((p) => p.id === id)?.name ?? 'a project no longer in your list';

  return (
    <section class="page" aria-labelledby="projects-title">
      <div class="page-head">
        <h1 id="projects-title">Projects</h1>
        <div class="search">
          <label for="project-search" class="sr-only">
            Search projects
          </label>
          <input
            id="project-search"
            type="search"
            placeholder="Search by name or owner"
            value={search}
            onInput={(e) => setSearch((e.target as HTMLInputElement).value)}
          />
        </div>
      </div>

      <CreateProject
        busy={!!progress}
        onProgress={setProgress}
        onCreated={(p) => {
          notify('success', `Created project ${p.name}`);
          setSearch('');
          setFresh(p.id);
          load();
        }}
      />
      {progress && <Progress text={progress} />}

      {sessions.length > 0 && (
        <section class="panel open-sessions" aria-labelledby="open-sessions-title">
          <h2 id="open-sessions-title">Your open sessions</h2>
          <ul class="session-list">
            {sessions.map((s) => (
              <li key={s.session}>
                <span class={'session-project' + (projects?.some((p) => p.id === s.project) ? '' : ' muted')}>{nameOf(s.project)}</span>
                <StateBadge state={s.state} />
                {s.user !== me && <span class="small">joined {s.user}’s session</span>}
                <span class="muted small">{s.session}</span>
                {s.state !== 'CLOSING' && (
                  <a class="button button-small" href={'#/session/' + encodeURIComponent(s.session)}>
                    Resume<span class="sr-only"> session of {nameOf(s.project)}</span>
                  </a>
                )}
              </li>
            ))}
          </ul>
        </section>
      )}

      <ErrorText error={loadError} />
      {projects === null && !loadError && <Progress text="Loading projects…" />}
      {projects !== null && (
        <div class="table-wrap">
          <table class="table projects-table">
            <caption class="sr-only">Your projects{search ? ` matching “${search}”` : ''}</caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Owner</th>
                <th scope="col">Your access</th>
                <th scope="col">Shared with</th>
                <th scope="col">
                  <span class="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {shown.length === 0 && (
                <tr>
                  <td colSpan={5} class="empty">
                    {projects.length === 0 ? 'No projects yet: create one above.' : 'No project matches the search.'}
                  </td>
                </tr>
              )}
              {shown.map((p) => {
                const s = sessionOf(p.id);
                const action = rowAction(p, s, me);
                return (
                  <tr key={p.id} data-project={p.id} class={p.id === fresh ? 'row-fresh' : undefined}>
                    <th scope="row" data-label="Name">
                      <span class="project-name">{p.name}</span>
                      <span class="muted small block">{p.id}</span>
                      {s && <span class="in-use small block">{inUseText(s, me)}</span>}
                    </th>
                    <td data-label="Owner">{p.owner}</td>
                    <td data-label="Access">{p.access}</td>
                    <td data-label="Shared with">
                      {p.access !== 'owner' && Object.keys(p.shares).length === 0 ? (
                        // AUTH tells only the owner and admins every group a project is shared with; a member sees his own groups.
                        // (An AUTH from before yourGroups names none.)
                        (p.yourGroups ?? []).length === 0 ? (
                          <span class="muted">with a group of yours</span>
                        ) : (
                          p.yourGroups.map((g) => (
                            <span key={g} class="chip">
                              {g}
                            </span>
                          ))
                        )
                      ) : Object.keys(p.shares).length === 0 ? (
                        <span class="muted">not shared</span>
                      ) : (
                        Object.entries(p.shares).map(([g, a]) => (
                          <span key={g} class="chip">
                            {g}: {a}
                          </span>
                        ))
                      )}
                    </td>
                    <td class="actions" data-label="Actions">
                      <button
                        type="button"
                        class="button button-primary button-small"
                        disabled={opening === p.id || action === 'closing'}
                        onClick={() => open(p)}
                        aria-label={ACTION_LABEL[action](p.name, s?.user ?? '')}
                      >
                        {opening === p.id && <Spinner />}
                        {ACTION_TEXT[action]}
                      </button>
                      {s && mayCloseOthers(p, s, me, isAdmin()) && (
                        <button
                          type="button"
                          class="button button-small button-danger"
                          onClick={() => setDialog({ kind: 'close-session', project: p, session: s })}
                          aria-label={`Close ${s.user}’s session of ${p.name}`}
                        >
                          Close {s.user}’s session
                        </button>
                      )}
                      {canManage(p) && (
                        <>
                          <button type="button" class="button button-small" onClick={() => setDialog({ kind: 'rename', project: p })} aria-label={'Rename ' + p.name}>
                            Rename
                          </button>
                          <button type="button" class="button button-small" onClick={() => setDialog({ kind: 'share', project: p })} aria-label={'Share ' + p.name}>
                            Share
                          </button>
                          <button type="button" class="button button-small" onClick={() => setDialog({ kind: 'transfer', project: p })} aria-label={'Transfer ' + p.name}>
                            Transfer
                          </button>
                          <button
                            type="button"
                            class="button button-small button-danger"
                            onClick={() => setDialog({ kind: 'delete', project: p })}
                            aria-label={'Delete ' + p.name}
                          >
                            Delete
                          </button>
                        </>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}

      {dialog?.kind === 'rename' && <RenameDialog project={dialog.project} onDone={() => (setDialog(null), load())} />}
      {dialog?.kind === 'share' && <ShareDialog project={dialog.project} onChanged={load} onDone={() => (setDialog(null), load())} />}
      {dialog?.kind === 'transfer' && <TransferDialog project={dialog.project} onDone={() => (setDialog(null), load())} />}
      {dialog?.kind === 'close-session' && (
        <CloseSessionDialog project={dialog.project} session={dialog.session} me={me} onDone={() => (setDialog(null), load())} />
      )}
      {dialog?.kind === 'delete' && (
        <DeleteDialog project={dialog.project} open={sessionOf(dialog.project.id)} onDone={() => (setDialog(null), load())} />
      )}
    </section>
  );
}

const ACTION_TEXT: Record<ReturnType<typeof rowAction>, string> = {
  open: 'Open',
  resume: 'Resume',
  join: 'Join',
  'join-read-only': 'Join (read-only)',
  closing: 'Closing…',
};

const ACTION_LABEL: Record<ReturnType<typeof rowAction>, (project: string, opener: string) => string> = {
  open: (project) => `Open ${project}`,
  resume: (project) => `Resume ${project}`,
  join: (project, opener) => `Join ${opener}’s session of ${project}`,
  'join-read-only': (project, opener) => `Join ${opener}’s session of ${project} (read-only)`,
  closing: (project) => `${project} is closing`,
};
