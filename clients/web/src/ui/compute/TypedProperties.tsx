import { useState } from 'preact/hooks';
import { describe } from '../../lib/api';
import type { ParamSpec } from '../../lib/contract';
import type { Entity } from '../../lib/model';
import { changedValues, checkValues, fieldOfReason, type EntityRef } from '../../lib/params';
import { RelayError } from '../../lib/relay';
import { ErrorText, notify } from '../common';
import { problemSentence } from './CommandForm';
import { ParamField, type FieldEnv } from './ParamField';

/** What Model.SetProperties answers: a new version, or a job re-running the entity and what derives from it. */
export interface SetPropertiesReply {
  version?: number | null;
  job?: string | null;
}

/**
 * An entity's typed properties, edited with the forms' widgets. An edit is checked against the
 * property types before anything is sent; Apply sends the changed ones with Model.SetProperties,
 * whose answer is a new version, or a job (a parametric re-run) shown on the job board.
 * Give it `key={id + version}`: a new version of the entity (a save, a re-run, someone else's
 * edit) starts it afresh from the stored values.
 */
export function TypedProperties({
  entity,
  specs,
  entities,
  expectedVersion,
  readOnly,
  send,
  stage,
  onJob,
}: {
  entity: Entity;
  specs: ParamSpec[];
  entities: EntityRef[];
  expectedVersion: number | undefined;
  readOnly: boolean;
  send: <T>(message: Record<string, unknown>) => Promise<T>;
  stage: FieldEnv['stage'];
  onJob: (job: string) => void;
}) {
  const stored = entity.properties ?? {};
  const [values, setValues] = useState<Record<string, unknown>>(stored);
  const [problems, setProblems] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const changed = changedValues(stored, values);
  const dirty = Object.keys(changed).length > 0;
  const formId = `props-${entity.id}`;
  return (
    <form
      class="form typed-props"
      noValidate
      aria-label={`Typed properties of ${entity.name}`}
      onSubmit={async (e) => {
        e.preventDefault();
        setError(null);
        const found = checkValues(specs, values, { entities });
        const sentences = Object.fromEntries(Object.entries(found).map(([n, p]) => [n, problemSentence(specs.find((s) => s.name === n)!.title, p)]));
        setProblems(sentences);
        if (Object.keys(found).length || !dirty) {
          return;
        }
        setBusy(true);
        try {
          const message: Record<string, unknown> = { action: 'Model.SetProperties', id: entity.id, properties: changed };
          if (expectedVersion !== undefined) message.expectedVersion = expectedVersion;
          const reply = await send<SetPropertiesReply>(message);
          if (reply?.job) {
            notify('info', `Updating ${entity.name} and what is made from it…`);
            onJob(reply.job);
          } else {
            notify('success', `Saved ${entity.name}${reply?.version != null ? ` as version ${reply.version}` : ''}`);
          }
        } catch (err) {
          const reason = describe(err);
          const field = err instanceof RelayError && err.status === 400 ? fieldOfReason(reason, specs) : null;
          if (field) {
            setProblems({ [field]: `Refused: ${reason}` });
          } else {
            setError(`Cannot change ${entity.name}: ${reason}`);
          }
        } finally {
          setBusy(false);
        }
      }}
    >
      {specs.map((spec) => (
        <ParamField
          key={spec.name}
          id={`${formId}-${spec.name}`}
          spec={spec}
          value={values[spec.name]}
          problem={problems[spec.name]}
          env={{ entities, stage, disabled: readOnly || busy }}
          onChange={(v) => {
            setValues((old) => ({ ...old, [spec.name]: v }));
            setProblems(({ [spec.name]: _, ...rest }) => rest);
          }}
        />
      ))}
      <ErrorText error={error} />
      {!readOnly && (
        <div class="button-row">
          <button type="submit" class="button button-small button-primary" disabled={!dirty || busy}>
            {busy ? 'Applying…' : 'Apply'}
          </button>
          <button type="button" class="button button-small" disabled={!dirty || busy} onClick={() => (setValues(stored), setProblems({}))}>
            Reset
          </button>
        </div>
      )}
    </form>
  );
}
