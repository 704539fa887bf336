import { useState } from 'preact/hooks';
import type { ParamSpec } from '../../lib/contract';
import { codePoints } from '../../lib/names';
import { extension, formatBytes, initialValue, type EntityRef, type FileValue } from '../../lib/params';
import { stageFile, type StageSender } from '../../lib/upload';

export interface FieldEnv {
  /** the model's entities, for ENTITY pickers */
  entities: EntityRef[];
  /** sends Model.StageData through the relay, for FILE uploads */
  stage: StageSender;
  disabled?: boolean;
}

/**
 * One typed value's widget, the same for a command's form and an entity's typed properties:
 * NUMBER (number input with its unit and bounds), INTEGER, BOOLEAN (checkbox), CHOICE (select),
 * TEXT (length counted in code points, as the server counts), VECTOR3 (three numbers and the
 * unit), ENTITY (a picker of the model's entities of the allowed types), FILE (uploaded at once
 * in parts with progress; the value is the upload), LIST (rows of the item's widget).
 *
 * @param id      the input's id (a form's ids are `${form}-${name}`); the problem is `${id}-problem`
 * @param problem what is wrong with the value (a sentence), shown under it and tied to it for screen readers
 */
export function ParamField({
  id,
  spec,
  value,
  onChange,
  problem,
  env,
}: {
  id: string;
  spec: ParamSpec;
  value: unknown;
  onChange: (value: unknown) => void;
  problem?: string | null;
  env: FieldEnv;
}) {
  const hintId = `${id}-hint`;
  const problemId = `${id}-problem`;
  const described = [spec.help || hint(spec) ? hintId : '', problem ? problemId : ''].filter(Boolean).join(' ') || undefined;
  const common = { id, 'aria-describedby': described, 'aria-invalid': problem ? ('true' as const) : undefined, disabled: env.disabled };
  const grouped = spec.type === 'VECTOR3' || spec.type === 'LIST';
  const title = spec.title + (spec.optional ? ' (optional)' : '');
  const label = grouped ? null : spec.type === 'BOOLEAN' ? null : (
    <label for={id}>
      {title}
      {spec.unit ? <span class="unit"> [{spec.unit}]</span> : null}
    </label>
  );
  let widget;
  switch (spec.type) {
    case 'NUMBER':
    case 'INTEGER':
      widget = <NumberInput {...common} spec={spec} value={value as number | undefined} onChange={onChange} />;
      break;
    case 'BOOLEAN':
      widget = (
        <label class="check" for={id}>
          <input type="checkbox" {...common} checked={value === true} onChange={(e) => onChange((e.target as HTMLInputElement).checked)} />
          {title}
        </label>
      );
      break;
    case 'CHOICE':
      widget = (
        <select {...common} value={typeof value === 'string' ? value : ''} onChange={(e) => onChange((e.target as HTMLSelectElement).value || undefined)}>
          {(spec.optional || value === undefined) && <option value="">—</option>}
          {(spec.choices ?? []).map((c) => (
            <option key={c} value={c}>
              {c}
            </option>
          ))}
        </select>
      );
      break;
    case 'TEXT':
      widget = (
        <>
          <input type="text" {...common} autocomplete="off" value={typeof value === 'string' ? value : ''} onInput={(e) => onChange((e.target as HTMLInputElement).value)} />
          {spec.maxLength != null && (
            <span class="name-count" aria-label={`${codePoints(String(value ?? ''))} of at most ${spec.maxLength} characters`}>
              {codePoints(String(value ?? ''))}/{spec.maxLength}
            </span>
          )}
        </>
      );
      break;
    case 'VECTOR3':
      widget = <VectorInput id={id} spec={spec} title={title} value={value} onChange={onChange} described={described} invalid={!!problem} disabled={env.disabled} />;
      break;
    case 'ENTITY': {
      const allowed = spec.entityTypes ?? [];
      const choices = env.entities.filter((e) => !allowed.length || allowed.includes(e.type));
      widget = (
        <select {...common} value={typeof value === 'string' ? value : ''} onChange={(e) => onChange((e.target as HTMLSelectElement).value || undefined)}>
          <option value="">{choices.length ? '— choose an entity —' : `— no ${allowed.join(' or ') || 'entity'} in the model —`}</option>
          {choices.map((e) => (
            <option key={e.id} value={e.id}>
              {e.name} ({e.type})
            </option>
          ))}
        </select>
      );
      break;
    }
    case 'FILE':
      widget = <FileInput {...common} spec={spec} value={value as FileValue | undefined} onChange={onChange} env={env} />;
      break;
    case 'LIST':
      widget = <ListInput id={id} spec={spec} title={title} value={value} onChange={onChange} env={env} described={described} />;
      break;
  }
  return (
    <div class={'param' + (problem ? ' param-problem' : '')} data-param={spec.name}>
      {label}
      {widget}
      {(spec.help || hint(spec)) && (
        <p id={hintId} class="param-hint">
          {[spec.help, hint(spec)].filter(Boolean).join(' ')}
        </p>
      )}
      {problem && (
        <p id={problemId} class="error-text param-error" role="alert">
          {problem}
        </p>
      )}
    </div>
  );
}

/** The rule under a field: "0 to 10 V", "at most 40 characters", ".csv files". */
export function hint(spec: ParamSpec): string {
  const unit = spec.unit ? ` ${spec.unit}` : '';
  switch (spec.type) {
    case 'NUMBER':
    case 'INTEGER':
    case 'VECTOR3':
      if (spec.min != null && spec.max != null) return `${spec.min} to ${spec.max}${unit}.`;
      if (spec.min != null) return `At least ${spec.min}${unit}.`;
      if (spec.max != null) return `At most ${spec.max}${unit}.`;
      return spec.type === 'INTEGER' ? 'A whole number.' : '';
    case 'TEXT':
      return spec.maxLength != null ? `At most ${spec.maxLength} characters.` : '';
    case 'FILE':
      return [spec.accept?.length ? `${spec.accept.join(' or ')} files` : '', spec.max != null ? `up to ${formatBytes(spec.max)}` : ''].filter(Boolean).join(', ').replace(/^./, (c) => c.toUpperCase()) + (spec.accept?.length || spec.max != null ? '.' : '');
    case 'LIST':
      if (spec.min != null && spec.max != null) return `${spec.min} to ${spec.max} items.`;
      if (spec.min != null) return `At least ${spec.min} ${spec.min === 1 ? 'item' : 'items'}.`;
      if (spec.max != null) return `At most ${spec.max} items.`;
      return '';
    default:
      return '';
  }
}

/** A number field's text to value: '' is no value; text that is not a number stays NaN (the check says so). */
export function parseNumber(text: string): number | undefined {
  return text.trim() === '' ? undefined : Number(text);
}

function NumberInput({
  spec,
  value,
  onChange,
  ...rest
}: {
  spec: ParamSpec;
  value: number | undefined;
  onChange: (v: unknown) => void;
  id: string;
  'aria-label'?: string;
  'aria-describedby'?: string;
  'aria-invalid'?: 'true';
  disabled?: boolean;
}) {
  // The text as typed: "1e" or "-" are on their way to a number and must not be reset.
  const [text, setText] = useState<string | null>(null);
  const shown = text ?? (typeof value === 'number' && !Number.isNaN(value) ? String(value) : '');
  return (
    <input
      type="text"
      inputMode={spec.type === 'INTEGER' ? 'numeric' : 'decimal'}
      autocomplete="off"
      {...rest}
      value={shown}
      onInput={(e) => {
        const t = (e.target as HTMLInputElement).value;
        setText(t);
        onChange(parseNumber(t));
      }}
      onBlur={() => setText(null)}
    />
  );
}

function VectorInput({
  id,
  spec,
  title,
  value,
  onChange,
  described,
  invalid,
  disabled,
}: {
  id: string;
  spec: ParamSpec;
  title: string;
  value: unknown;
  onChange: (v: unknown) => void;
  described?: string;
  invalid: boolean;
  disabled?: boolean;
}) {
  const v = Array.isArray(value) ? (value as (number | undefined)[]) : [undefined, undefined, undefined];
  const set = (i: number, n: number | undefined) => {
    const next = [v[0], v[1], v[2]];
    next[i] = n;
    onChange(next.every((c) => c === undefined) ? undefined : next.map((c) => (c === undefined ? NaN : c)));
  };
  return (
    <fieldset class="vector" aria-describedby={described}>
      <legend>
        {title}
        {spec.unit ? <span class="unit"> [{spec.unit}]</span> : null}
      </legend>
      {['x', 'y', 'z'].map((axis, i) => (
        <span key={axis} class="vector-part">
          <label for={`${id}-${axis}`}>{axis}</label>
          <NumberInput id={`${id}-${axis}`} spec={spec} value={v[i]} onChange={(n) => set(i, n as number | undefined)} aria-invalid={invalid ? 'true' : undefined} disabled={disabled} />
        </span>
      ))}
    </fieldset>
  );
}

function FileInput({
  spec,
  value,
  onChange,
  env,
  ...rest
}: {
  spec: ParamSpec;
  value: FileValue | undefined;
  onChange: (v: unknown) => void;
  env: FieldEnv;
  id: string;
  'aria-describedby'?: string;
  'aria-invalid'?: 'true';
  disabled?: boolean;
}) {
  const [progress, setProgress] = useState<{ sent: number; total: number } | null>(null);
  const [trouble, setTrouble] = useState<string | null>(null);
  return (
    <>
      <input
        type="file"
        {...rest}
        accept={spec.accept?.join(',') || undefined}
        disabled={rest.disabled || progress !== null}
        onChange={async (e) => {
          const file = (e.target as HTMLInputElement).files?.[0];
          setTrouble(null);
          if (!file) {
            onChange(undefined);
            return;
          }
          const accept = spec.accept ?? [];
          if (accept.length && !accept.includes(extension(file.name))) {
            setTrouble(`${file.name} is not a ${accept.join(' or ')} file`);
            onChange(undefined);
            return;
          }
          if (spec.max != null && file.size > spec.max) {
            setTrouble(`${file.name} is ${formatBytes(file.size)}, more than ${formatBytes(spec.max)}`);
            onChange(undefined);
            return;
          }
          setProgress({ sent: 0, total: file.size });
          try {
            onChange(await stageFile(file, env.stage, (sent, total) => setProgress({ sent, total })));
          } catch (err) {
            setTrouble(`cannot upload ${file.name}: ${(err as Error).message}`);
            onChange(undefined);
          } finally {
            setProgress(null);
          }
        }}
      />
      {progress && (
        <span class="upload-progress" role="status">
          <progress max={Math.max(1, progress.total)} value={progress.sent} aria-label={`Uploading to ${spec.title}`} /> uploading {formatBytes(progress.sent)} of {formatBytes(progress.total)}
        </span>
      )}
      {value && !progress && <span class="muted small">uploaded: {value.name} ({formatBytes(value.size)})</span>}
      {trouble && (
        <span class="error-text" role="alert">
          {trouble}
        </span>
      )}
    </>
  );
}

function ListInput({ id, spec, title, value, onChange, env, described }: { id: string; spec: ParamSpec; title: string; value: unknown; onChange: (v: unknown) => void; env: FieldEnv; described?: string }) {
  const items = Array.isArray(value) ? value : [];
  const item: ParamSpec = { ...(spec.item ?? { name: 'item', title: 'Item', type: 'TEXT' }), optional: false };
  return (
    <fieldset class="list" aria-describedby={described}>
      <legend>{title}</legend>
      {items.length === 0 && <p class="muted small">no items</p>}
      {items.map((v, i) => (
        <div key={i} class="list-row">
          <ParamField
            id={`${id}-${i}`}
            spec={{ ...item, title: `${spec.title} item ${i + 1}`, help: null }}
            value={v}
            onChange={(next) => onChange(items.map((old, j) => (j === i ? next : old)))}
            env={env}
          />
          <button type="button" class="button button-small" disabled={env.disabled} onClick={() => onChange(items.filter((_, j) => j !== i))}>
            Remove<span class="sr-only"> {spec.title} item {i + 1}</span>
          </button>
        </div>
      ))}
      <button type="button" class="button button-small" disabled={env.disabled || (spec.max != null && items.length >= spec.max)} onClick={() => onChange([...items, initialValue(item)])}>
        Add<span class="sr-only"> an item to {spec.title}</span>
      </button>
    </fieldset>
  );
}
