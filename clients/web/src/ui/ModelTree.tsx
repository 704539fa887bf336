import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { ENTITY_TYPES, buildTree, colorOf, visibleNodes, type EntityType, type TreeNode } from '../lib/model';
import { COMPACT, ErrorText } from './common';
import { NameField, nameCheck } from './NameField';
import type { ModelActions, ModelState } from './Workspace';

const ICONS: Record<string, string> = {
  folder: '▬',
  geometry: '■',
  mesh: '▦',
  material: '●',
  'solver-settings': '⚙',
  result: '◆',
  plot: '▤',
};

/** The model tree (WAI-ARIA tree: arrows move and open, Enter selects), and adding entities. */
export function ModelTree({
  model,
  selected,
  onSelect,
  actions,
}: {
  model: ModelState;
  selected: string | null;
  onSelect: (id: string | null) => void;
  actions: ModelActions;
}) {
  const forest = useMemo(() => buildTree(model.entities), [model.entities]);
  const [collapsed, setCollapsed] = useState<Set<string>>(new Set());
  const expanded = useMemo(() => new Set(model.entities.map((e) => e.id).filter((id) => !collapsed.has(id))), [model.entities, collapsed]);
  const nodes = useMemo(() => visibleNodes(forest, expanded), [forest, expanded]);
  const [focused, setFocused] = useState<string | null>(null);
  const list = useRef<HTMLUListElement>(null);
  const active = nodes.find((n) => n.entity.id === focused) ?? nodes.find((n) => n.entity.id === selected) ?? nodes[0];

  const focusItem = (id: string) => {
    setFocused(id);
    const item = () => list.current?.querySelector<HTMLElement>(`[data-id="${CSS.escape(id)}"]`);
    // Move the focus now when the item is on screen already, so that a key pressed right after
    // (ArrowDown then Enter) goes to the new item; wait a frame only for one still to be drawn.
    const now = item();
    if (now) {
      now.focus();
    } else {
      window.requestAnimationFrame(() => item()?.focus());
    }
  };
  // The selected item stays in sight inside the tree's own scroll area: after a selection in
  // the 3D view, after adding an entity, and when the Add entity form opens below and the tree
  // gets shorter. Only the tree scrolls, never the page (on phones the tree does not scroll).
  useEffect(() => {
    const tree = list.current;
    if (!tree || !selected) {
      return;
    }
    const reveal = () => {
      const item = tree.querySelector<HTMLElement>(`[data-id="${CSS.escape(selected)}"]`);
      if (item) {
        const view = tree.getBoundingClientRect();
        const box = item.getBoundingClientRect();
        if (box.top < view.top) {
          tree.scrollTop -= view.top - box.top;
        } else if (box.bottom > view.bottom) {
          tree.scrollTop += box.bottom - view.bottom;
        }
      }
    };
    reveal();
    const resized = new ResizeObserver(reveal);
    resized.observe(tree);
    return () => resized.disconnect();
  }, [selected, nodes]);

  const toggle = (id: string, open?: boolean) =>
    setCollapsed((c) => {
      const next = new Set(c);
      const isOpen = !c.has(id);
      if (open ?? !isOpen) {
        next.delete(id);
      } else {
        next.add(id);
      }
      return next;
    });

  const onKey = (e: KeyboardEvent, node: TreeNode, index: number) => {
    const id = node.entity.id;
    switch (e.key) {
      case 'ArrowDown':
        if (index + 1 < nodes.length) focusItem(nodes[index + 1].entity.id);
        break;
      case 'ArrowUp':
        if (index > 0) focusItem(nodes[index - 1].entity.id);
        break;
      case 'Home':
        focusItem(nodes[0].entity.id);
        break;
      case 'End':
        focusItem(nodes[nodes.length - 1].entity.id);
        break;
      case 'ArrowRight':
        if (node.children.length && !expanded.has(id)) toggle(id, true);
        else if (node.children.length) focusItem(node.children[0].entity.id);
        break;
      case 'ArrowLeft':
        if (node.children.length && expanded.has(id)) toggle(id, false);
        else if (node.entity.parent && nodes.some((n) => n.entity.id === node.entity.parent)) focusItem(node.entity.parent);
        break;
      case 'Enter':
      case ' ':
        onSelect(id);
        break;
      default:
        return;
    }
    e.preventDefault();
  };

  return (
    <div class="tree-pane">
      {model.info && model.entities.length === 0 && <EmptyModel actions={actions} />}
      {nodes.length > 0 && (
        <ul class="tree" role="tree" aria-label="Model entities" ref={list}>
          {nodes.map((node, index) => {
            const e = node.entity;
            const open = node.children.length ? expanded.has(e.id) : undefined;
            return (
              <li
                key={e.id}
                role="treeitem"
                data-id={e.id}
                aria-level={node.depth + 1}
                aria-expanded={open}
                aria-selected={selected === e.id}
                tabIndex={active && active.entity.id === e.id ? 0 : -1}
                class={'tree-item' + (selected === e.id ? ' selected' : '')}
                onClick={() => {
                  onSelect(e.id);
                  setFocused(e.id);
                }}
                onKeyDown={(ev) => onKey(ev, node, index)}
              >
                <span class="tree-indent" data-depth={node.depth} style={{ width: `${node.depth * 1.1}rem` }} />
                {node.children.length ? (
                  <span
                    class={'tree-toggle' + (open ? ' open' : '')}
                    aria-hidden="true"
                    onClick={(ev) => {
                      ev.stopPropagation();
                      toggle(e.id);
                    }}
                  >
                    ▸
                  </span>
                ) : (
                  <span class="tree-toggle" aria-hidden="true" />
                )}
                {/* A material's icon in its colour, from the same property the 3D view paints with. */}
                <span class={`tree-icon type-${e.type}`} aria-hidden="true" style={e.type === 'material' && colorOf(e) ? { color: colorOf(e)! } : undefined}>
                  {ICONS[e.type] ?? '•'}
                </span>
                <span class="tree-name">{e.name}</span>
                <span class="tree-type">{e.type}</span>
              </li>
            );
          })}
        </ul>
      )}
      {!actions.readOnly && <AddEntity model={model} actions={actions} onAdded={onSelect} />}
    </div>
  );
}

function EmptyModel({ actions }: { actions: ModelActions }) {
  return (
    <div class="empty-model">
      <p>The model is empty.</p>
      {!actions.readOnly && (
        <p class="button-row">
          {['antenna', 'kriging'].map((t) => (
            <button
              key={t}
              type="button"
              class="button button-small"
              disabled={!!actions.busy}
              onClick={() => actions.run(`Applying the template ${t}…`, { action: 'Model.ApplyTemplate', template: t }, { retry: false })}
            >
              Start from {t}
            </button>
          ))}
        </p>
      )}
    </div>
  );
}

const EXAMPLES: Partial<Record<EntityType, string>> = {
  geometry: '{"shape":"box","unit":"mm","origin":[0,0,0],"size":[10,10,1]}',
  material: '{"color":"#1e88e5"}',
  mesh: '{"vertices":[[0,0,0],[10,0,0],[0,10,0],[0,0,10]],"triangles":[[0,2,1],[0,1,3],[0,3,2],[1,2,3]]}',
};

function AddEntity({ model, actions, onAdded }: { model: ModelState; actions: ModelActions; onAdded: (id: string) => void }) {
  const [type, setType] = useState<EntityType>('geometry');
  const [name, setName] = useState('');
  const [parent, setParent] = useState('');
  const [properties, setProperties] = useState('');
  const [error, setError] = useState<string | null>(null);
  const check = nameCheck('ENTITY', name);
  const folders = model.entities.filter((e) => e.type === 'folder');
  const [open, setOpen] = useState(false);
  const propertiesField = useRef<HTMLTextAreaElement>(null);
  useEffect(() => {
    if (!parent && folders.length) {
      setParent(folders.find((f) => f.name.toLowerCase().startsWith(type.slice(0, 4)))?.id ?? '');
    }
  }, [type, folders.length]);

  const submit = async (e: Event) => {
    e.preventDefault();
    let props: Record<string, unknown> | undefined;
    if (properties.trim()) {
      try {
        props = JSON.parse(properties);
      } catch (err) {
        setError('Properties must be a JSON object: ' + (err as Error).message);
        return;
      }
      if (!props || typeof props !== 'object' || Array.isArray(props)) {
        setError('Properties must be a JSON object, such as {"size": [1, 2, 3]}');
        return;
      }
    }
    setError(null);
    const put: Record<string, unknown> = { type, name: check.name };
    if (parent) put.parent = parent;
    if (props) put.properties = props;
    const result = await actions.run<{ version: number; written: Record<string, number> }>(`Adding ${check.name}…`, {
      action: 'Model.Save',
      expectedVersion: model.info?.version ?? 0,
      message: `add ${type} ${check.name}`,
      put: [put],
    });
    if (result) {
      setName('');
      setProperties('');
      // Emptied, it shows its example from the top again (it kept the scroll of the long text).
      propertiesField.current?.scrollTo(0, 0);
      const id = Object.keys(result.written)[0];
      if (id) onAdded(id);
      // On phones the 3D view sits above the tree and its form (styles.css), scrolled away while
      // the user filled the form in: bring it back, with the new entity selected in it.
      if (window.matchMedia(COMPACT).matches) {
        document.querySelector('.ws-view')?.scrollIntoView({ block: 'start' });
      }
    }
  };

  return (
    <details class="add-entity" open={open} onToggle={(e) => setOpen((e.target as HTMLDetailsElement).open)}>
      <summary>Add entity</summary>
      <form class="form" onSubmit={submit}>
        <label for="add-type">Type</label>
        <select id="add-type" value={type} onChange={(e) => setType((e.target as HTMLSelectElement).value as EntityType)}>
          {ENTITY_TYPES.map((t) => (
            <option key={t} value={t}>
              {t}
            </option>
          ))}
        </select>
        <NameField id="add-name" label="Name" kind="ENTITY" value={name} onInput={setName} />
        <label for="add-parent">Parent</label>
        <select id="add-parent" value={parent} onChange={(e) => setParent((e.target as HTMLSelectElement).value)}>
          <option value="">(top level)</option>
          {folders.map((f) => (
            <option key={f.id} value={f.id}>
              {f.name}
            </option>
          ))}
        </select>
        <label for="add-properties">Properties (JSON, optional)</label>
        <textarea
          id="add-properties"
          ref={propertiesField}
          rows={3}
          spellcheck={false}
          placeholder={EXAMPLES[type] ?? '{}'}
          value={properties}
          onInput={(e) => setProperties((e.target as HTMLTextAreaElement).value)}
        />
        <ErrorText error={error} />
        <button type="submit" class="button button-primary" disabled={!!actions.busy || !!check.problem}>
          Add
        </button>
      </form>
    </details>
  );
}
