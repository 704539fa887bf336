import { render } from 'preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Diff, HistoryEntry, ModelInfo } from '../lib/model';
import { HistoryPanel } from './HistoryPanel';
import type { ModelActions, ModelState } from './Workspace';

const entry = (version: number, parent: number | null, current: boolean, onLine: boolean): HistoryEntry => ({
  version,
  parent,
  author: 'carol',
  message: `change ${version}`,
  time: '2026-12-07T10:00:00Z',
  size: 1,
  changed: 1,
  labels: [],
  current,
  onLine,
});

const info = (version: number, redo: number[]): ModelInfo => ({ project: 'p', version, redo, versions: 5, entities: 3, labels: {} });

/** v1-v2-v3-v4 with v2 checked out (Redo goes to v3, then v4). */
const checkedOut: ModelState = {
  info: info(2, [4, 3]),
  entities: [],
  history: [entry(4, 3, false, false), entry(3, 2, false, false), entry(2, 1, true, true), entry(1, null, false, true)],
};

/** Then a save on v2 made v5: v3 and v4 are on another branch, nothing to redo. */
const branched: ModelState = {
  info: info(5, []),
  entities: [],
  history: [entry(5, 2, true, true), ...checkedOut.history.map((e) => ({ ...e, current: false }))],
};

const DIFF: Diff = {
  from: 1,
  to: 3,
  added: [],
  removed: [],
  changed: ['box'],
  truncated: false,
  entities: [{ id: 'box', name: 'Box', type: 'geometry', change: 'changed', fields: [{ field: 'properties.size', before: { value: [1, 2, 3] }, after: { value: [1, 2, 4] } }], moreFields: 0 }],
};

function fakeActions(read: (message: Record<string, unknown>) => Promise<unknown>): ModelActions {
  return { busy: null, readOnly: false, run: vi.fn(async () => undefined), read: read as ModelActions['read'] };
}

const roots: HTMLElement[] = [];
function mount(model: ModelState, actions: ModelActions): HTMLElement {
  const root = document.createElement('div');
  document.body.appendChild(root);
  roots.push(root);
  render(<HistoryPanel model={model} actions={actions} />, root);
  return root;
}

afterEach(() => {
  roots.splice(0).forEach((root) => {
    render(null, root);
    root.remove();
  });
});

/** Picks an option as a user does; Preact re-renders a moment later, as it does between a user's actions. */
async function choose(root: HTMLElement, id: string, value: string) {
  const select = root.querySelector<HTMLSelectElement>(`#${id}`)!;
  select.value = value;
  select.dispatchEvent(new Event('change', { bubbles: true }));
  await vi.waitFor(() => expect(root.querySelector<HTMLSelectElement>(`#${id}`)!.value).toBe(value));
  await new Promise((r) => setTimeout(r, 0));
}

function submitCompare(root: HTMLElement) {
  root.querySelector('form.compare-form')!.dispatchEvent(new Event('submit', { bubbles: true, cancelable: true }));
}

const badge = (root: HTMLElement, version: number) => root.querySelector(`#version-${version} .badge`)?.textContent ?? '';

describe('HistoryPanel', () => {
  it('marks versions undone only while Redo can bring them back', () => {
    const root = mount(checkedOut, fakeActions(async () => DIFF));
    expect([badge(root, 4), badge(root, 3), badge(root, 2), badge(root, 1)]).toEqual(['undone', 'undone', 'current', '']);
    expect(root.querySelectorAll('#version-2 .badge')).toHaveLength(1);
    render(<HistoryPanel model={branched} actions={fakeActions(async () => DIFF)} />, root);
    expect([badge(root, 5), badge(root, 4), badge(root, 3)]).toEqual(['current', 'other branch', 'other branch']);
  });

  it('compares any two versions and shows each changed property with its old and new value', async () => {
    const read = vi.fn(async () => DIFF);
    const root = mount(checkedOut, fakeActions(read));
    await choose(root, 'compare-from', '1');
    await choose(root, 'compare-to', '3');
    submitCompare(root);
    await vi.waitFor(() => expect(root.querySelector('table.diff-table')).not.toBeNull());
    expect(read).toHaveBeenCalledWith({ action: 'Model.Diff', from: 1, to: 3 });
    const cells = [...root.querySelectorAll('table.diff-table tbody td')].map((td) => td.textContent);
    expect(cells).toEqual(['Box', 'size', '[1,2,3]', '[1,2,4]']);
    expect([...root.querySelectorAll('table.diff-table th')].map((th) => th.textContent)).toEqual(['Entity', 'Property', 'Old (v1)', 'New (v3)']);
    expect(root.querySelector('.diff-head')!.textContent).toContain('v1 → v3: 1 entity differs (1 changed)');
  });

  it('compares from the version selected in the list, with the current one by default', async () => {
    const read = vi.fn(async () => DIFF);
    const root = mount(checkedOut, fakeActions(read));
    root.querySelector<HTMLElement>('#version-4')!.click();
    await vi.waitFor(() => expect(root.querySelector<HTMLSelectElement>('#compare-from')!.value).toBe('4'));
    expect(root.querySelector<HTMLSelectElement>('#compare-to')!.value).toBe('current');
    submitCompare(root);
    await vi.waitFor(() => expect(read).toHaveBeenCalledWith({ action: 'Model.Diff', from: 4, to: 2 }));
  });

  it('clears a comparison when the model moves to another version, and says so', async () => {
    const root = mount(checkedOut, fakeActions(async () => DIFF));
    await choose(root, 'compare-from', '1');
    await choose(root, 'compare-to', '3');
    submitCompare(root);
    await vi.waitFor(() => expect(root.querySelector('table.diff-table')).not.toBeNull());
    // The labels change, the version does not: the comparison stays.
    render(<HistoryPanel model={{ ...checkedOut, info: { ...checkedOut.info!, labels: { baseline: 1 } } }} actions={fakeActions(async () => DIFF)} />, root);
    expect(root.querySelector('table.diff-table')).not.toBeNull();
    render(<HistoryPanel model={branched} actions={fakeActions(async () => DIFF)} />, root);
    await vi.waitFor(() => expect(root.querySelector('table.diff-table')).toBeNull());
    expect(root.querySelector('.compare-cleared')!.textContent).toBe(
      'The model is now at v5: the comparison of v1 and v3 was cleared. Compare again to see the changes.',
    );
  });

  it('drops a comparison that arrives after the model moved on', async () => {
    let answer!: (d: Diff) => void;
    const root = mount(checkedOut, fakeActions(() => new Promise<Diff>((resolve) => (answer = resolve))));
    await choose(root, 'compare-from', '1');
    submitCompare(root);
    await vi.waitFor(() => expect(root.textContent).toContain('Comparing v1 and v2…'));
    render(<HistoryPanel model={branched} actions={fakeActions(async () => DIFF)} />, root);
    await vi.waitFor(() => expect(root.textContent).not.toContain('Comparing'));
    answer(DIFF);
    await new Promise((r) => setTimeout(r, 20));
    expect(root.querySelector('table.diff-table')).toBeNull();
  });
});

describe('a label typed for a version', () => {
  async function type(root: HTMLElement, text: string) {
    const input = root.querySelector<HTMLInputElement>('#label-name')!;
    input.value = text;
    input.dispatchEvent(new Event('input', { bubbles: true }));
    await new Promise((r) => setTimeout(r, 0));
  }
  const addLabel = (root: HTMLElement) => [...root.querySelectorAll<HTMLButtonElement>('button')].find((b) => b.textContent === 'Add label')!;

  it('is checked against the label rule as it is typed, and cannot be added while it breaks it', async () => {
    const root = mount(checkedOut, fakeActions(async () => DIFF));
    root.querySelector<HTMLElement>('#version-3')!.click();
    await vi.waitFor(() => expect(root.querySelector('#label-name')).not.toBeNull());

    await type(root, 'release 1');
    expect(root.querySelector('#label-name-problem')?.textContent).toMatch(/^The label 'release 1' is not allowed: labels are /);
    expect(root.querySelector('#label-name')!.getAttribute('aria-invalid')).toBe('true');
    expect(addLabel(root).disabled).toBe(true);

    await type(root, 'release-1');
    expect(root.querySelector('#label-name-problem')).toBeNull();
    expect(addLabel(root).disabled).toBe(false);
  });
});
