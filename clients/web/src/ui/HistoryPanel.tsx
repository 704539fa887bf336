import { useMemo, useRef, useState } from 'preact/hooks';
import { describe } from '../lib/api';
import { formatTime, layoutGraph, type Diff, type Entity, type HistoryEntry } from '../lib/model';
import { ErrorText, Progress } from './common';
import type { ModelActions, ModelState } from './Workspace';

const ROW = 44;
const LANE = 16;

/** A comparison of two versions, with the names the entities had (a diff names only ids). */
interface Comparison extends Diff {
  names: Map<string, string>;
}

/**
 * The version graph, newest first: a node per version, a line to its parent, branches in
 * lanes; the current version filled, versions off its line greyed. A version is selected
 * with the arrow keys or a click; then it can be checked out (the next save branches
 * there), labelled, or compared with the current one.
 */
export function HistoryPanel({ model, actions }: { model: ModelState; actions: ModelActions }) {
  const { rows, lanes } = useMemo(() => layoutGraph(model.history), [model.history]);
  const [selected, setSelected] = useState<number | null>(null);
  const [label, setLabel] = useState('');
  const [diff, setDiff] = useState<Comparison | null>(null);
  const [comparing, setComparing] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const list = useRef<HTMLUListElement>(null);
  const current = model.info?.version ?? 0;
  const chosen = rows.find((r) => r.entry.version === selected)?.entry ?? null;
  const graphWidth = lanes * LANE + 8;

  if (!model.info) {
    return <p class="muted">Reading the history…</p>;
  }
  if (rows.length === 0) {
    return <p class="muted">No versions yet: the first change makes version 1.</p>;
  }

  const indexOf = new Map(rows.map((r, i) => [r.entry.version, i]));
  const x = (lane: number) => 4 + lane * LANE + LANE / 2;
  const y = (i: number) => i * ROW + ROW / 2;
  const edges = rows.flatMap((r, i) => {
    const parent = r.entry.parent;
    if (parent == null || parent <= 0) {
      return [];
    }
    const j = indexOf.get(parent);
    if (j === undefined) {
      // The parent is older than what is loaded: the line runs off the bottom.
      return [`M${x(r.lane)} ${y(i)} V${rows.length * ROW}`];
    }
    const target = rows[j];
    if (target.lane === r.lane) {
      return [`M${x(r.lane)} ${y(i)} V${y(j)}`];
    }
    return [`M${x(r.lane)} ${y(i)} V${y(j) - ROW / 2} L${x(target.lane)} ${y(j)}`];
  });

  const select = (version: number) => {
    setSelected(version);
    setDiff(null);
    setError(null);
  };
  // The entities of both versions give the names: a removed entity is not in the current model.
  const compare = async (from: number, to: number) => {
    setError(null);
    setDiff(null);
    setComparing(`Comparing v${from} and v${to}…`);
    const entitiesAt = (version: number) => (version > 0 ? actions.read<Entity[]>({ action: 'Model.Entities', version }) : Promise.resolve([]));
    try {
      const [d, before, after] = await Promise.all([actions.read<Diff>({ action: 'Model.Diff', from, to }), entitiesAt(from), entitiesAt(to)]);
      setDiff({ ...d, names: new Map([...before, ...after].map((e) => [e.id, e.name])) });
    } catch (e) {
      setError(`Cannot compare v${from} and v${to}: ${describe(e)}`);
    } finally {
      setComparing(null);
    }
  };
  const onKey = (e: KeyboardEvent) => {
    const i = selected === null ? -1 : (indexOf.get(selected) ?? -1);
    let next = i;
    if (e.key === 'ArrowDown') next = Math.min(rows.length - 1, i + 1);
    else if (e.key === 'ArrowUp') next = Math.max(0, i - 1);
    else if (e.key === 'Home') next = 0;
    else if (e.key === 'End') next = rows.length - 1;
    else return;
    e.preventDefault();
    select(rows[next].entry.version);
    list.current?.querySelectorAll('li')[next]?.scrollIntoView({ block: 'nearest' });
  };

  return (
    <div class="history">
      <div class="history-scroll">
        <div class="history-body">
          <svg class="graph" width={graphWidth} height={rows.length * ROW} aria-hidden="true">
            {edges.map((d, i) => (
              <path key={i} d={d} class="graph-edge" />
            ))}
            {rows.map((r, i) => (
              <circle
                key={r.entry.version}
                cx={x(r.lane)}
                cy={y(i)}
                r={r.entry.current ? 6 : 5}
                class={'graph-node' + (r.entry.current ? ' current' : '') + (r.entry.onLine ? '' : ' off-line')}
              />
            ))}
          </svg>
          <ul
            class="history-list"
            role="listbox"
            aria-label="Model versions, newest first"
            tabIndex={0}
            ref={list}
            onKeyDown={onKey}
            aria-activedescendant={selected !== null ? `version-${selected}` : undefined}
          >
            {rows.map(({ entry }) => (
              <li
                key={entry.version}
                id={`version-${entry.version}`}
                role="option"
                aria-selected={selected === entry.version}
                class={'history-row' + (selected === entry.version ? ' selected' : '') + (entry.onLine ? '' : ' off-line')}
                onClick={() => select(entry.version)}
              >
                <span class="version">v{entry.version}</span>
                <span class="message" title={entry.message ?? ''}>
                  {entry.message || <span class="muted">(no message)</span>}
                </span>
                {entry.current && <span class="badge badge-ok">current</span>}
                {!entry.onLine && <span class="badge badge-muted">{entry.version > current ? 'undone' : 'other branch'}</span>}
                {entry.labels.map((l) => (
                  <span key={l} class="chip chip-label">
                    {l}
                  </span>
                ))}
                <span class="meta muted small">
                  {entry.author} · {formatTime(entry.time)}
                </span>
              </li>
            ))}
          </ul>
        </div>
      </div>
      {chosen && (
        <VersionActions
          entry={chosen}
          current={current}
          actions={actions}
          label={label}
          setLabel={setLabel}
          comparing={!!comparing}
          onCompare={compare}
        />
      )}
      <ErrorText error={error} />
      {comparing && <Progress text={comparing} />}
      {diff && <DiffText diff={diff} />}
    </div>
  );
}

function DiffText({ diff }: { diff: Comparison }) {
  const named = (ids: string[]) => ids.map((id) => diff.names.get(id) ?? id).join(', ');
  const parts = [
    diff.added.length ? `added ${named(diff.added)}` : '',
    diff.removed.length ? `removed ${named(diff.removed)}` : '',
    diff.changed.length ? `changed ${named(diff.changed)}` : '',
  ].filter(Boolean);
  return (
    <div class="diff" role="status">
      <strong>
        v{diff.from} → v{diff.to}:
      </strong>{' '}
      {parts.length ? parts.join('; ') : 'no differences'}
    </div>
  );
}

function VersionActions({
  entry,
  current,
  actions,
  label,
  setLabel,
  comparing,
  onCompare,
}: {
  entry: HistoryEntry;
  current: number;
  actions: ModelActions;
  label: string;
  setLabel: (s: string) => void;
  comparing: boolean;
  onCompare: (from: number, to: number) => void;
}) {
  const busy = !!actions.busy;
  return (
    <div class="version-actions" aria-label={`Version ${entry.version}`} role="group">
      <span class="version-actions-title">v{entry.version}</span>
      {!actions.readOnly && (
        <button
          type="button"
          class="button button-small"
          disabled={busy || entry.current}
          onClick={() => actions.run(`Checking out v${entry.version}…`, { action: 'Model.Checkout', version: entry.version }, { retry: false })}
          title="Go back to this version; the next change starts a branch from it"
        >
          Check out (branch here)
        </button>
      )}
      <button
        type="button"
        class="button button-small"
        disabled={busy || comparing || entry.version === current}
        onClick={() => onCompare(Math.min(entry.version, current), Math.max(entry.version, current))}
      >
        Compare with current
      </button>
      {!actions.readOnly && (
        <form
          class="inline-form"
          onSubmit={async (e) => {
            e.preventDefault();
            const done = await actions.run(`Labelling v${entry.version}…`, { action: 'Model.Label', version: entry.version, label: label.trim() }, { quiet: true });
            if (done) setLabel('');
          }}
        >
          <label for="label-name" class="sr-only">
            Label for version {entry.version}
          </label>
          <input id="label-name" placeholder="label, e.g. baseline" required value={label} onInput={(e) => setLabel((e.target as HTMLInputElement).value)} />
          <button type="submit" class="button button-small" disabled={busy || !label.trim()}>
            Add label
          </button>
        </form>
      )}
      {!actions.readOnly &&
        entry.labels.map((l) => (
          <button
            key={l}
            type="button"
            class="button button-small"
            disabled={busy}
            onClick={() => actions.run(`Removing the label ${l}…`, { action: 'Model.Unlabel', label: l }, { quiet: true })}
          >
            Remove label “{l}”
          </button>
        ))}
    </div>
  );
}
