import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { describe } from '../lib/api';
import { checkName } from '../lib/names';
import { diffRows, formatTime, layoutGraph, versionMark, type Diff, type HistoryEntry } from '../lib/model';
import { ErrorText, Progress } from './common';
import type { ModelActions, ModelState } from './Workspace';

const ROW = 44;
const LANE = 16;

/** The "to" side of a comparison: a version, or whatever version is current. */
type Side = number | 'current';

/**
 * The version graph, newest first: a node per version, a line to its parent, branches in
 * lanes; the current version filled, versions off its line greyed and marked as Redo will act
 * ("undone" only when Redo brings it back, else "other branch"). A version is selected with the
 * arrow keys or a click; then it can be checked out (the next save branches there), labelled,
 * or compared. Any two versions compare (the form under the list; the selected version is its first):
 * the table names each differing property with its old and new value. A comparison is cleared
 * when the model's version changes, so that it never describes a model that is gone.
 */
export function HistoryPanel({ model, actions }: { model: ModelState; actions: ModelActions }) {
  const { rows, lanes } = useMemo(() => layoutGraph(model.history), [model.history]);
  const [selected, setSelected] = useState<number | null>(null);
  const [label, setLabel] = useState('');
  const [diff, setDiff] = useState<Diff | null>(null);
  const [comparing, setComparing] = useState<string | null>(null);
  const [cleared, setCleared] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [from, setFrom] = useState<number | null>(null);
  const [to, setTo] = useState<Side>('current');
  const list = useRef<HTMLUListElement>(null);
  const current = model.info?.version ?? 0;
  const redo = model.info?.redo ?? [];
  const chosen = rows.find((r) => r.entry.version === selected)?.entry ?? null;
  const graphWidth = lanes * LANE + 8;
  const asked = useRef(0);

  // A comparison describes two versions as they were asked for: when the model moves on (a
  // checkout, a save, undo, another user's change) it goes, and a comparison still on its way is dropped.
  const shownAt = useRef(current);
  useEffect(() => {
    if (shownAt.current === current) {
      return;
    }
    shownAt.current = current;
    asked.current++;
    setComparing(null);
    if (diff) {
      setCleared(`The model is now at v${current}: the comparison of v${diff.from} and v${diff.to} was cleared. Compare again to see the changes.`);
    }
    setDiff(null);
  }, [current]);

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

  // The selected version is the comparison's first one until another is chosen in the form.
  const select = (version: number) => {
    setSelected(version);
    setFrom(version);
    setError(null);
  };
  const compare = async (a: number, b: number) => {
    const mine = ++asked.current;
    setError(null);
    setDiff(null);
    setCleared(null);
    setComparing(`Comparing v${a} and v${b}…`);
    try {
      const d = await actions.read<Diff>({ action: 'Model.Diff', from: a, to: b });
      if (mine === asked.current) setDiff(d);
    } catch (e) {
      if (mine === asked.current) setError(`Cannot compare v${a} and v${b}: ${describe(e)}`);
    } finally {
      if (mine === asked.current) setComparing(null);
    }
  };
  const fromVersion = from ?? (selected !== null && selected !== current ? selected : (rows.find((r) => r.entry.version !== current)?.entry.version ?? current));
  const toVersion = to === 'current' ? current : to;
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
                <Mark entry={entry} redo={redo} />
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
      {rows.length > 1 && (
        <form
          class="compare-form"
          aria-label="Compare two versions"
          onSubmit={(e) => {
            e.preventDefault();
            compare(fromVersion, toVersion);
          }}
        >
          <label for="compare-from">
            Compare<span class="sr-only"> from</span>
          </label>
          <select id="compare-from" value={String(fromVersion)} onChange={(e) => setFrom(Number((e.target as HTMLSelectElement).value))}>
            {rows.map(({ entry }) => (
              <option key={entry.version} value={String(entry.version)}>
                {versionOption(entry)}
              </option>
            ))}
          </select>
          <label for="compare-to">
            <span class="sr-only">Compare </span>with
          </label>
          <select
            id="compare-to"
            value={to === 'current' ? 'current' : String(to)}
            onChange={(e) => {
              const v = (e.target as HTMLSelectElement).value;
              setTo(v === 'current' ? 'current' : Number(v));
            }}
          >
            <option value="current">the current version (v{current})</option>
            {rows.map(({ entry }) => (
              <option key={entry.version} value={String(entry.version)}>
                {versionOption(entry)}
              </option>
            ))}
          </select>
          <button type="submit" class="button button-small" disabled={!!comparing || fromVersion === toVersion}>
            Compare
          </button>
        </form>
      )}
      <ErrorText error={error} />
      {comparing && <Progress text={comparing} />}
      {cleared && !diff && (
        <p class="muted small compare-cleared" role="status">
          {cleared}
        </p>
      )}
      {diff && <DiffTable diff={diff} onClose={() => setDiff(null)} />}
    </div>
  );
}

function versionOption(entry: HistoryEntry): string {
  const message = entry.message ? ` ${entry.message.length > 40 ? entry.message.slice(0, 39) + '…' : entry.message}` : '';
  return `v${entry.version}${message}${entry.current ? ' (current)' : ''}`;
}

/** The version's state, as Redo will act: "undone" only when Redo brings it back. */
function Mark({ entry, redo }: { entry: HistoryEntry; redo: number[] }) {
  const mark = versionMark(entry, redo);
  if (mark === 'current') {
    return <span class="badge badge-ok">current</span>;
  }
  if (mark === 'undone') {
    const steps = redo.length - redo.indexOf(entry.version);
    return (
      <span class="badge badge-muted" title={steps === 1 ? 'Redo brings it back' : `Redo ${steps} times brings it back`}>
        undone
      </span>
    );
  }
  if (mark === 'other-branch') {
    return <span class="badge badge-muted">other branch</span>;
  }
  return null;
}

/** The comparison as a table: entity, property, old value, new value. */
export function DiffTable({ diff, onClose }: { diff: Diff; onClose: () => void }) {
  const rows = diffRows(diff);
  const differ = diff.added.length + diff.removed.length + diff.changed.length;
  return (
    <div class="diff" role="region" aria-label={`Changes from v${diff.from} to v${diff.to}`}>
      <div class="diff-head">
        <strong role="status">
          v{diff.from} → v{diff.to}: {differ === 0 ? 'no differences' : `${differ} ${differ === 1 ? 'entity differs' : 'entities differ'}`}
          {differ > 0 && ` (${[diff.added.length && `${diff.added.length} added`, diff.removed.length && `${diff.removed.length} removed`, diff.changed.length && `${diff.changed.length} changed`].filter(Boolean).join(', ')})`}
        </strong>
        <button type="button" class="link-button" onClick={onClose}>
          Close the comparison
        </button>
      </div>
      {rows.length > 0 && (
        // Focusable: when the pane is short (a command toolbar and job bars above it) the table
        // scrolls, and the keyboard must reach it too.
        <div class="diff-scroll" tabIndex={0} role="region" aria-label={`Differences between v${diff.from} and v${diff.to}`}>
          <table class="diff-table">
            <thead>
              <tr>
                <th scope="col">Entity</th>
                <th scope="col">Property</th>
                <th scope="col">Old (v{diff.from})</th>
                <th scope="col">New (v{diff.to})</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.key} class={`diff-${r.change}`}>
                  <td>{r.entity}</td>
                  <td class="diff-field">{r.field}</td>
                  <td class="diff-value" title={r.before}>
                    {r.before}
                  </td>
                  <td class="diff-value" title={r.after}>
                    {r.after}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {diff.truncated && <p class="muted small">The comparison is long: the service listed part of it (every entity that differs is counted above).</p>}
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
  // The label's rule as the Model service applies it, shown as it is typed (an empty field: no complaint).
  const labelProblem = label.trim() === '' ? null : checkName('LABEL', label).problem;
  return (
    <div class="version-actions" aria-label={`Version ${entry.version}`} role="group">
      <span class="version-actions-title">v{entry.version}</span>
      {!actions.readOnly && (
        <button
          type="button"
          class="button button-small"
          disabled={busy || entry.current}
          onClick={() => actions.run(`Checking out v${entry.version}…`, { action: 'Model.Checkout', version: entry.version }, { retry: false })}
          title="Go back to this version; Redo goes forward again until the next change starts a branch from it"
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
          <input
            id="label-name"
            placeholder="label, e.g. baseline"
            required
            value={label}
            aria-invalid={labelProblem ? 'true' : undefined}
            aria-describedby={labelProblem ? 'label-name-problem' : undefined}
            onInput={(e) => setLabel((e.target as HTMLInputElement).value)}
          />
          <button type="submit" class="button button-small" disabled={busy || !label.trim() || labelProblem !== null}>
            Add label
          </button>
          {labelProblem && (
            <p id="label-name-problem" class="name-hint name-hint-problem" aria-live="polite">
              {labelProblem.charAt(0).toUpperCase() + labelProblem.slice(1)}.
            </p>
          )}
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
