import { useEffect, useMemo, useState } from 'preact/hooks';
import { call, currentLogin, describe, isAdmin } from '../lib/api';
import { navigate } from '../lib/router';
import { newSession, withModelSession, type SessionView } from '../lib/sessions';
import { Dialog, ErrorText, Progress, Spinner, StateBadge, notify, useAction } from './common';

export interface Project {
  id: string;
  name: string;
  owner: string;
  access: 'owner' | 'write' | 'read';
  shares: Record<string, 'read' | 'write'>;
}

interface Group {
  name: string;
  owner: string;
  members: string[];
}

const TEMPLATES: { name: string; label: string }[] = [
  { name: '', label: 'Empty project' },
  { name: 'antenna', label: 'Antenna: patch antenna geometry, materials, solver settings' },
  { name: 'kriging', label: 'Kriging: field samples to interpolate' },
];

type Dialogs = { kind: 'rename' | 'share' | 'transfer' | 'delete'; project: Project } | null;

export function Projects() {
  const [projects, setProjects] = useState<Project[] | null>(null);
  const [sessions, setSessions] = useState<SessionView[]>([]);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [search, setSearch] = useState('');
  const [dialog, setDialog] = useState<Dialogs>(null);
  const [progress, setProgress] = useState<string | null>(null);
  const [opening, setOpening] = useState<string | null>(null);

  const load = async () => {
    try {
      const [list, open] = await Promise.all([call<Project[]>('auth', 'Project.List'), call<SessionView[]>('gss', 'Session.List')]);
      setProjects(list.sort((a, b) => a.name.localeCompare(b.name)));
      setSessions(open);
      setLoadError(null);
    } catch (e) {
      setLoadError(describe(e));
    }
  };
  useEffect(() => {
    load();
  }, []);
  // While a session is on its way in or out, keep the list current.
  useEffect(() => {
    if (!sessions.some((s) => ['QUEUED', 'STARTING', 'CLOSING'].includes(s.state))) {
      return;
    }
    const t = window.setTimeout(load, 2000);
    return () => window.clearTimeout(t);
  }, [sessions]);

  const shown = useMemo(() => {
    const q = search.trim().toLowerCase();
    return (projects ?? []).filter(
      (p) => !q || p.name.toLowerCase().includes(q) || p.owner.toLowerCase().includes(q) || p.id.toLowerCase().includes(q),
    );
  }, [projects, search]);

  const sessionOf = (project: string) => sessions.find((s) => s.project === project && !['CLOSED', 'FAILED', 'LOST'].includes(s.state));

  const open = async (project: Project) => {
    const existing = sessionOf(project.id);
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
                return (
                  <tr key={p.id}>
                    <th scope="row" data-label="Name">
                      <span class="project-name">{p.name}</span>
                      <span class="muted small block">{p.id}</span>
                    </th>
                    <td data-label="Owner">{p.owner}</td>
                    <td data-label="Access">{p.access}</td>
                    <td data-label="Shared with">
                      {p.access !== 'owner' ? (
                        // AUTH tells only the owner whom a project is shared with; the others see it through one of their groups.
                        <span class="muted">with a group of yours</span>
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
                        disabled={opening === p.id || s?.state === 'CLOSING'}
                        onClick={() => open(p)}
                        aria-label={(s ? 'Resume ' : 'Open ') + p.name}
                      >
                        {opening === p.id && <Spinner />}
                        {s?.state === 'CLOSING' ? 'Closing…' : s ? 'Resume' : 'Open'}
                      </button>
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
      {dialog?.kind === 'delete' && (
        <DeleteDialog project={dialog.project} open={sessionOf(dialog.project.id)} onDone={() => (setDialog(null), load())} />
      )}
    </section>
  );
}

function CreateProject({ busy, onProgress, onCreated }: { busy: boolean; onProgress: (text: string | null) => void; onCreated: (p: Project) => void }) {
  const [name, setName] = useState('');
  const [template, setTemplate] = useState('');
  const { error, run } = useAction();
  const submit = (e: Event) => {
    e.preventDefault();
    run(async () => {
      onProgress('Creating project…');
      try {
        const project = await call<Project>('auth', 'Project.Create', { name: name.trim() });
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
          <label for="new-project-name">Name</label>
          <input id="new-project-name" required maxLength={200} value={name} onInput={(e) => setName((e.target as HTMLInputElement).value)} />
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
        <button type="submit" class="button button-primary" disabled={busy || !name.trim()}>
          Create project
        </button>
      </div>
      <ErrorText error={error} />
    </form>
  );
}

function RenameDialog({ project, onDone }: { project: Project; onDone: () => void }) {
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

function ShareDialog({ project, onChanged, onDone }: { project: Project; onChanged: () => void; onDone: () => void }) {
  const [groups, setGroups] = useState<Group[] | null>(null);
  const [shares, setShares] = useState(project.shares);
  const [group, setGroup] = useState('');
  const [access, setAccess] = useState<'read' | 'write'>('read');
  const { busy, error, run } = useAction();
  useEffect(() => {
    call<Group[]>('auth', 'Group.List')
      .then((all) => {
        setGroups(all);
        setGroup(all.find((g) => !(g.name in project.shares))?.name ?? all[0]?.name ?? '');
      })
      .catch(() => setGroups([]));
  }, []);
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
            {groups === null ? (
              <Spinner label="Loading groups" />
            ) : groups.length === 0 ? (
              <input id="share-group" required value={group} onInput={(e) => setGroup((e.target as HTMLInputElement).value)} />
            ) : (
              <select id="share-group" value={group} onChange={(e) => setGroup((e.target as HTMLSelectElement).value)}>
                {groups.map((g) => (
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

function TransferDialog({ project, onDone }: { project: Project; onDone: () => void }) {
  const [owner, setOwner] = useState('');
  const [users, setUsers] = useState<string[]>([]);
  const { busy, error, run } = useAction();
  useEffect(() => {
    if (isAdmin()) {
      call<{ username: string }[]>('auth', 'User.List')
        .then((all) => setUsers(all.map((u) => u.username).filter((u) => u !== project.owner)))
        .catch(() => setUsers([]));
    }
  }, []);
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

function DeleteDialog({ project, open, onDone }: { project: Project; open?: SessionView; onDone: () => void }) {
  const [step, setStep] = useState<string | null>(null);
  const { busy, error, run } = useAction();
  return (
    <Dialog title={`Delete ${project.name}?`} onClose={() => !busy && onDone()}>
      <p>
        The project, its model and its whole history are deleted for everyone it is shared with. This cannot be undone.
        {open && ' Its open session is closed.'}
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
