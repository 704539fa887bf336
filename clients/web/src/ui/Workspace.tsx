import type { ComponentChildren } from 'preact';
import { useCallback, useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { currentLogin, describe, PLACE_PREFIX } from '../lib/api';
import type { Entity, HistoryEntry, ModelInfo } from '../lib/model';
import { RelayClient, RelayError, type RelayStatus } from '../lib/relay';
import { navigate } from '../lib/router';
import type { SessionView } from '../lib/sessions';
import { count } from '../lib/text';
import { Progress, StateBadge, notify } from './common';
import { HistoryPanel } from './HistoryPanel';
import { LogsPanel } from './LogsPanel';
import { ModelTree } from './ModelTree';
import { PropertiesPanel } from './PropertiesPanel';
import { Viewer3D } from './Viewer3D';
import type { CommandRef } from '../lib/commands';
import { SERVING, type CommandReply, type JobView } from '../lib/contract';
import { CommandForm } from './compute/CommandForm';
import { CommandToolbar } from './compute/CommandToolbar';
import { JobsPanel } from './compute/JobsPanel';

export interface ModelState {
  info: ModelInfo | null;
  entities: Entity[];
  history: HistoryEntry[];
}

/** What the panels need to change the model: one runner that shows progress and errors. */
export interface ModelActions {
  /** Runs a Model action through the relay; on success the model is re-read. */
  run: <T>(label: string, message: Record<string, unknown>, options?: { retry?: boolean; quiet?: boolean }) => Promise<T | undefined>;
  /** Reads from the Model service (no progress, notice or re-read); the caller shows its errors. */
  read: <T>(message: Record<string, unknown>) => Promise<T>;
  busy: string | null;
  readOnly: boolean;
  /** a job was started (a parametric re-run): the job board reads the jobs again */
  jobStarted?: () => void;
}

/**
 * The project view of a running session: tree, properties, 3D view, history and logs. A user
 * who may only read the project (a read-only participant of someone else's session) gets no
 * editing controls and a "read-only" badge; everyone in the session sees the others' saves
 * live, through the Model's pushes.
 */
export function Workspace({
  view,
  projectName,
  access,
  closeButton,
}: {
  view: SessionView;
  projectName: string;
  access?: string;
  closeButton: ComponentChildren;
}) {
  const [relay] = useState(() => new RelayClient(view.session));
  const [status, setStatus] = useState<RelayStatus>(relay.current);
  const [model, setModel] = useState<ModelState>({ info: null, entities: [], history: [] });
  const [loadError, setLoadError] = useState<string | null>(null);
  // The place (selected entity, open tab) outlives the page, so that a user sent to log in
  // again when the login expired comes back to it.
  const placeKey = PLACE_PREFIX + view.session;
  const [place] = useState(() => readPlace(placeKey));
  const [selected, setSelected] = useState<string | null>(place.selected);
  const [busy, setBusy] = useState<string | null>(null);
  const [tab, setTab] = useState<'history' | 'logs'>(place.tab);
  const [enlarged, setEnlarged] = useState(false);
  useEffect(() => {
    sessionStorage.setItem(placeKey, JSON.stringify({ selected, tab }));
  }, [placeKey, selected, tab]);
  const loads = useRef(0);
  const readOnly = access === 'read';
  // Commands and jobs (issue 14): the open command form, the job board's re-read, the log pane's job filter.
  const [command, setCommand] = useState<CommandRef | null>(null);
  const [jobKick, setJobKick] = useState(0);
  const [logJob, setLogJob] = useState<JobView | null>(null);

  const reload = useCallback(async () => {
    const mine = ++loads.current;
    try {
      const [info, entities, history] = await Promise.all([
        relay.request<ModelInfo>('model', { action: 'Model.Info' }),
        relay.request<Entity[]>('model', { action: 'Model.Entities' }),
        relay.request<HistoryEntry[]>('model', { action: 'Model.History', limit: 200 }),
      ]);
      if (mine === loads.current) {
        setModel({ info, entities, history });
        setLoadError(null);
      }
    } catch (e) {
      if (mine === loads.current) {
        setLoadError(describe(e));
      }
    }
  }, [relay]);

  useEffect(() => {
    const offStatus = relay.onStatus(setStatus);
    const offResume = relay.onResume(() => {
      notify('info', 'Reconnected to the session');
      reload();
    });
    let pending: number | undefined;
    const offPush = relay.onPush((push) => {
      if (push.service !== 'model') {
        return;
      }
      if (push.message.event === 'model.deleted') {
        notify('error', `${projectName} was deleted`);
        navigate('/projects');
        return;
      }
      if (push.message.event === 'model.changed') {
        window.clearTimeout(pending);
        pending = window.setTimeout(reload, 80);
      }
    });
    reload();
    (window as unknown as { opentwinRelay?: RelayClient }).opentwinRelay = relay;
    return () => {
      offStatus();
      offResume();
      offPush();
      window.clearTimeout(pending);
      relay.close();
      delete (window as unknown as { opentwinRelay?: RelayClient }).opentwinRelay;
    };
  }, [relay]);

  const actions: ModelActions = useMemo(
    () => ({
      busy,
      readOnly,
      jobStarted: () => setJobKick((k) => k + 1),
      read: <T,>(message: Record<string, unknown>) => relay.request<T>('model', message),
      run: async <T,>(label: string, message: Record<string, unknown>, options: { retry?: boolean; quiet?: boolean } = {}) => {
        setBusy(label);
        try {
          const result = await relay.request<T>('model', message, { retry: options.retry ?? true });
          await reload();
          if (!options.quiet) {
            notify('success', label.replace(/…$/, '') + ': done');
          }
          return result;
        } catch (e) {
          if (e instanceof RelayError && e.status === 409) {
            notify('error', `${describe(e)}. The model was re-read; try again.`);
          } else {
            notify('error', `${label.replace(/…$/, '')} failed: ${describe(e)}`);
          }
          reload();
          return undefined;
        } finally {
          setBusy(null);
        }
      },
    }),
    [busy, readOnly, relay, reload],
  );

  const undo = () => actions.run('Undo…', { action: 'Model.Undo' }, { retry: false, quiet: true });
  const redo = () => actions.run('Redo…', { action: 'Model.Redo' }, { retry: false, quiet: true });
  const canUndo = !!model.info && model.info.version > 0 && !readOnly;
  const canRedo = !!model.info && model.info.redo.length > 0 && !readOnly;

  // Ctrl+Z / Ctrl+Shift+Z (or Ctrl+Y) outside text fields.
  useEffect(() => {
    const key = (e: KeyboardEvent) => {
      const target = e.target as HTMLElement;
      if (!(e.ctrlKey || e.metaKey) || target.closest('input, textarea, select, [contenteditable]') || busy) {
        return;
      }
      const k = e.key.toLowerCase();
      if (k === 'z' && !e.shiftKey && canUndo) {
        e.preventDefault();
        undo();
      } else if (((k === 'z' && e.shiftKey) || k === 'y') && canRedo) {
        e.preventDefault();
        redo();
      }
    };
    window.addEventListener('keydown', key);
    return () => window.removeEventListener('keydown', key);
  });

  const selectedEntity = model.entities.find((e) => e.id === selected) ?? null;

  return (
    <div class="workspace">
      <div class="ws-toolbar" role="toolbar" aria-label="Project">
        <div class="ws-title">
          <h1>{projectName}</h1>
          <StateBadge state={view.state} />
          {readOnly && (
            <span class="badge badge-warn" title="You may only read this project: editing is off">
              read-only
            </span>
          )}
          <People view={view} />
          <ul class="ws-services" aria-label="Services of the session">
            {Object.entries(view.services).map(([name, service]) => (
              <li key={name} class={`ws-service state-${service.state.toLowerCase()}`}>
                {name} <span class="sr-only">is</span> <StateBadge state={service.state} />
              </li>
            ))}
          </ul>
          <ConnectionState status={status} onRetry={() => relay.retryNow()} />
          {model.info && (
            <span class="muted small" aria-live="polite">
              version {model.info.version} · {count(model.info.entities, 'entity', 'entities')}
            </span>
          )}
        </div>
        <div class="ws-actions">
          {busy && <Progress text={busy} />}
          <button type="button" class="button" disabled={!canUndo || !!busy} onClick={undo} aria-keyshortcuts="Control+Z" title="Undo (Ctrl+Z)">
            Undo
          </button>
          <button
            type="button"
            class="button"
            disabled={!canRedo || !!busy}
            onClick={redo}
            aria-keyshortcuts="Control+Shift+Z"
            title={canRedo ? `Redo: back to v${model.info?.redo[model.info.redo.length - 1]} (Ctrl+Shift+Z)` : 'Redo (Ctrl+Shift+Z)'}
          >
            Redo
          </button>
          {closeButton}
        </div>
      </div>
      {SERVING.includes(view.state) && (
        <CommandToolbar session={view.session} relay={relay} readOnly={readOnly} onCommand={setCommand} />
      )}
      <JobsPanel
        relay={relay}
        readOnly={readOnly}
        kick={jobKick}
        onLogs={(job) => {
          setLogJob(job);
          setTab('logs');
        }}
      />
      {command && (
        <CommandForm
          service={command.service}
          command={command.command}
          entities={model.entities}
          send={(service, message) => relay.request(service, message, { retry: false })}
          stage={(message) => relay.request('model', message, { retry: false })}
          onDone={(reply: CommandReply | null) => {
            const title = command.command.title;
            setCommand(null);
            if (reply?.job) {
              notify('info', `${title} started`);
              setJobKick((k) => k + 1);
            } else if (reply) {
              notify('success', reply.version != null ? `${title}: saved as version ${reply.version}` : `${title}: done`);
            }
          }}
        />
      )}
      {view.state === 'RECOVERING' && (
        <p class="banner banner-warn" role="status">
          A service of this session stopped and is being restarted: {view.events[view.events.length - 1]?.message ?? ''}
        </p>
      )}
      {loadError && (
        <p class="banner banner-bad" role="alert">
          Cannot read the model: {loadError}
        </p>
      )}
      <div class={'ws-grid' + (enlarged ? ' bottom-enlarged' : '')}>
        <section class="ws-tree pane" aria-labelledby="tree-title">
          <h2 id="tree-title" class="pane-title">
            Model
          </h2>
          <ModelTree model={model} selected={selected} onSelect={setSelected} actions={actions} />
        </section>
        <section class="ws-view pane" aria-labelledby="view-title">
          <h2 id="view-title" class="pane-title">
            3D view
          </h2>
          <Viewer3D entities={model.entities} selected={selected} onSelect={setSelected} />
        </section>
        <section class="ws-props pane" aria-labelledby="props-title">
          <h2 id="props-title" class="pane-title">
            Properties
          </h2>
          <PropertiesPanel session={view.session} entity={selectedEntity} model={model} onSelect={setSelected} actions={actions} />
        </section>
        <section
          class="ws-bottom pane"
          aria-label="History and logs"
          id="ws-bottom"
          onKeyDown={(e) => {
            if (e.key === 'Escape' && enlarged) {
              setEnlarged(false);
            }
          }}
        >
          <div class="tabs-bar">
            <div class="tabs" role="tablist" aria-label="History and logs">
              <TabButton id="history" current={tab} onSelect={setTab}>
                History
              </TabButton>
              <TabButton id="logs" current={tab} onSelect={setTab}>
                Logs
              </TabButton>
            </div>
            <button
              type="button"
              class="button button-small enlarge"
              aria-controls="ws-bottom"
              title={enlarged ? 'Back to the usual size (Esc)' : 'Give the history and logs the whole column (Esc restores)'}
              onClick={() => {
                setEnlarged(!enlarged);
                // On a phone the pane grows down the page: keep its top in sight.
                window.setTimeout(() => document.getElementById('ws-bottom')?.scrollIntoView({ block: 'nearest' }), 0);
              }}
            >
              {enlarged ? 'Restore size' : 'Enlarge'}
            </button>
          </div>
          <div role="tabpanel" id={`panel-${tab}`} aria-labelledby={`tab-${tab}`} class="tab-panel">
            {tab === 'history' ? <HistoryPanel model={model} actions={actions} /> : <LogsPanel session={view.session} job={logJob} onAllJobs={() => setLogJob(null)} />}
          </div>
        </section>
      </div>
    </div>
  );
}

/** Who is in the session besides the user: "opened by alice · with carol, bob". */
function People({ view }: { view: SessionView }) {
  const me = currentLogin()?.user;
  const others = (view.participants ?? []).map((p) => (p.user === me ? 'you' : p.user));
  if (view.user === me && others.length === 0) {
    return null;
  }
  const opener = view.user === me ? 'opened by you' : `opened by ${view.user}`;
  return <span class="ws-people">{others.length ? `${opener} · with ${others.join(', ')}` : opener}</span>;
}

function TabButton({ id, current, onSelect, children }: { id: 'history' | 'logs'; current: string; onSelect: (id: 'history' | 'logs') => void; children: ComponentChildren }) {
  const other = id === 'history' ? 'logs' : 'history';
  return (
    <button
      type="button"
      role="tab"
      id={`tab-${id}`}
      class="tab"
      aria-selected={current === id}
      aria-controls={`panel-${id}`}
      tabIndex={current === id ? 0 : -1}
      onClick={() => onSelect(id)}
      onKeyDown={(e) => {
        if (e.key === 'ArrowRight' || e.key === 'ArrowLeft') {
          e.preventDefault();
          onSelect(other);
          document.getElementById(`tab-${other}`)?.focus();
        }
      }}
    >
      {children}
    </button>
  );
}

function ConnectionState({ status, onRetry }: { status: RelayStatus; onRetry: () => void }) {
  const [, tick] = useState(0);
  useEffect(() => {
    if (status.state !== 'reconnecting') {
      return;
    }
    const t = window.setInterval(() => tick((n) => n + 1), 1000);
    return () => window.clearInterval(t);
  }, [status.state]);
  if (status.state === 'open') {
    return (
      <span class="conn conn-ok" role="status">
        connected
      </span>
    );
  }
  if (status.state === 'connecting') {
    return (
      <span class="conn conn-wait" role="status">
        connecting…
      </span>
    );
  }
  if (status.state === 'reconnecting') {
    const seconds = status.retryAt ? Math.max(0, Math.ceil((status.retryAt - Date.now()) / 1000)) : 0;
    return (
      <span class="conn conn-warn" role="status">
        connection lost{status.detail ? ` (${status.detail})` : ''}; {seconds > 0 ? `reconnecting in ${seconds} s` : 'reconnecting…'}
        <button type="button" class="link-button" onClick={onRetry}>
          Retry now
        </button>
      </span>
    );
  }
  return (
    <span class="conn conn-bad" role="alert">
      disconnected{status.detail ? `: ${status.detail}` : ''}
    </span>
  );
}

/** The place kept for a session; the defaults when there is none or it is not one. */
function readPlace(key: string): { selected: string | null; tab: 'history' | 'logs' } {
  try {
    const stored = JSON.parse(sessionStorage.getItem(key) ?? '{}') as { selected?: unknown; tab?: unknown };
    return {
      selected: typeof stored.selected === 'string' ? stored.selected : null,
      tab: stored.tab === 'logs' ? 'logs' : 'history',
    };
  } catch {
    return { selected: null, tab: 'history' };
  }
}
