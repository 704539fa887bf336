import { useEffect, useState } from 'preact/hooks';
import { isTyped, type Entity } from '../lib/model';
import { mayHaveArrays, canDownloadArrays } from '../lib/results';
import { Dialog, ErrorText } from './common';
import { ResultPlot } from './compute/ResultPlot';
import { TypedProperties } from './compute/TypedProperties';
import { NameField, nameCheck } from './NameField';
import { formatBytes } from '../lib/params';
import type { ModelActions, ModelState } from './Workspace';

/** The selected entity: its fields and properties; edit and delete make a new model version. */
export function PropertiesPanel({
  session,
  entity,
  model,
  onSelect,
  actions,
}: {
  session: string;
  entity: Entity | null;
  model: ModelState;
  onSelect: (id: string | null) => void;
  actions: ModelActions;
}) {
  const [editing, setEditing] = useState(false);
  const [confirmDelete, setConfirmDelete] = useState(false);
  useEffect(() => setEditing(false), [entity?.id]);
  if (!entity) {
    return <p class="muted">Select an entity in the tree or in the 3D view to see its properties.</p>;
  }
  const nameOf = (id: string) => model.entities.find((e) => e.id === id)?.name ?? id;
  const properties = entity.properties ?? {};
  return (
    <div class="props">
      <dl class="fields">
        <dt>Name</dt>
        <dd>{entity.name}</dd>
        <dt>Type</dt>
        <dd>{entity.type}</dd>
        <dt>Id</dt>
        <dd>
          <code>{entity.id}</code>
        </dd>
        <dt>Version</dt>
        <dd>{entity.version}</dd>
        {entity.parent && (
          <>
            <dt>Parent</dt>
            <dd>
              <button type="button" class="link-button" onClick={() => onSelect(entity.parent!)}>
                {nameOf(entity.parent)}
              </button>
            </dd>
          </>
        )}
        {entity.refs && entity.refs.length > 0 && (
          <>
            <dt>Refers to</dt>
            <dd>
              {entity.refs.map((r) => (
                <button key={r} type="button" class="link-button ref" onClick={() => onSelect(r)}>
                  {nameOf(r)}
                </button>
              ))}
            </dd>
          </>
        )}
        {entity.dataSize != null && (
          <>
            <dt>Data</dt>
            <dd>{formatBytes(entity.dataSize)}</dd>
          </>
        )}
        {entity.origin && (
          <>
            <dt>Made by</dt>
            <dd class="origin">
              {entity.origin.command} <span class="muted">of</span> {entity.origin.service}
              {entity.origin.inputs.length > 0 && (
                <>
                  {' '}
                  <span class="muted">from</span>{' '}
                  {entity.origin.inputs.map((r) => (
                    <button key={r} type="button" class="link-button ref" onClick={() => onSelect(r)}>
                      {nameOf(r)}
                    </button>
                  ))}
                </>
              )}
            </dd>
          </>
        )}
      </dl>
      {mayHaveArrays(entity) && canDownloadArrays && <ResultPlot session={session} entity={entity} />}
      <h3 class="props-sub">Properties</h3>
      {isTyped(entity) ? (
        <TypedProperties
          key={`${entity.id}:${entity.version}`}
          entity={entity}
          specs={entity.propertyTypes!}
          entities={model.entities}
          expectedVersion={model.info?.version}
          readOnly={actions.readOnly}
          send={actions.read}
          stage={(message) => actions.read(message)}
          onJob={() => actions.jobStarted?.()}
        />
      ) : Object.keys(properties).length === 0 ? (
        <p class="muted">none</p>
      ) : (
        <table class="prop-table">
          <tbody>
            {Object.entries(properties).map(([k, v]) => (
              <tr key={k}>
                <th scope="row">{k}</th>
                <td>
                  <PropertyValue value={v} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {!actions.readOnly && (
        <div class="button-row">
          {!isTyped(entity) && (
            <button type="button" class="button button-small" onClick={() => setEditing(true)} disabled={!!actions.busy}>
              Edit
            </button>
          )}
          <button type="button" class="button button-small button-danger" onClick={() => setConfirmDelete(true)} disabled={!!actions.busy}>
            Delete
          </button>
        </div>
      )}
      {editing && <EditEntity entity={entity} model={model} actions={actions} onDone={() => setEditing(false)} />}
      {confirmDelete && (
        <Dialog title={`Delete ${entity.name}?`} onClose={() => setConfirmDelete(false)}>
          <p>This makes a new version without it; undo brings it back.</p>
          <div class="dialog-actions">
            <button type="button" class="button" onClick={() => setConfirmDelete(false)}>
              Cancel
            </button>
            <button
              type="button"
              class="button button-danger"
              onClick={async () => {
                setConfirmDelete(false);
                const done = await actions.run(`Deleting ${entity.name}…`, {
                  action: 'Model.Save',
                  expectedVersion: model.info?.version ?? 0,
                  message: `delete ${entity.type} ${entity.name}`,
                  delete: [entity.id],
                });
                if (done) onSelect(null);
              }}
            >
              Delete
            </button>
          </div>
        </Dialog>
      )}
    </div>
  );
}

function PropertyValue({ value }: { value: unknown }) {
  if (typeof value === 'string' && /^#[0-9a-fA-F]{6}$/.test(value)) {
    return (
      <span class="color-value">
        <span class="swatch" style={{ background: value }} aria-hidden="true" />
        {value}
      </span>
    );
  }
  if (value !== null && typeof value === 'object') {
    const text = JSON.stringify(value);
    return <code class="json">{text.length > 240 ? text.slice(0, 240) + '…' : text}</code>;
  }
  return <span>{String(value)}</span>;
}


function EditEntity({ entity, model, actions, onDone }: { entity: Entity; model: ModelState; actions: ModelActions; onDone: () => void }) {
  const [name, setName] = useState(entity.name);
  const [properties, setProperties] = useState(JSON.stringify(entity.properties ?? {}, null, 2));
  const [error, setError] = useState<string | null>(null);
  const check = nameCheck('ENTITY', name, entity.name);
  return (
    <Dialog title={`Edit ${entity.name}`} onClose={onDone}>
      <form
        class="form"
        onSubmit={async (e) => {
          e.preventDefault();
          let props: unknown;
          try {
            props = properties.trim() ? JSON.parse(properties) : {};
          } catch (err) {
            setError('Properties must be a JSON object: ' + (err as Error).message);
            return;
          }
          if (!props || typeof props !== 'object' || Array.isArray(props)) {
            setError('Properties must be a JSON object');
            return;
          }
          const put: Record<string, unknown> = { id: entity.id, type: entity.type, name: check.name, properties: props };
          if (entity.parent) put.parent = entity.parent;
          if (entity.refs?.length) put.refs = entity.refs;
          const done = await actions.run(`Saving ${check.name}…`, {
            action: 'Model.Save',
            expectedVersion: model.info?.version ?? 0,
            message: `edit ${entity.type} ${check.name}`,
            put: [put],
          });
          if (done) onDone();
        }}
      >
        <NameField id="edit-name" label="Name" kind="ENTITY" value={name} onInput={setName} kept={entity.name} />
        <label for="edit-properties">Properties (JSON)</label>
        <textarea id="edit-properties" rows={10} spellcheck={false} value={properties} onInput={(e) => setProperties((e.target as HTMLTextAreaElement).value)} />
        <ErrorText error={error} />
        <div class="dialog-actions">
          <button type="button" class="button" onClick={onDone}>
            Cancel
          </button>
          <button type="submit" class="button button-primary" disabled={!!actions.busy || !!check.problem}>
            Save
          </button>
        </div>
      </form>
    </Dialog>
  );
}
