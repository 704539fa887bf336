/**
 * Typed values of commands' parameters and entities' typed properties (ParamSpec), checked as the
 * server checks them (the session API's ParamCheck), so that a form says what is wrong before
 * anything is sent. Pure: no I/O here.
 */
import type { ParamSpec } from './contract';
import { codePoints } from './names';

/** A file parameter's value once uploaded with Model.StageData. */
export interface FileValue {
  upload: string;
  name: string;
  size: number;
}

/** An entity a parameter of type ENTITY may name: what the check needs to know of it. */
export interface EntityRef {
  id: string;
  name: string;
  type: string;
}

export interface CheckContext {
  /** the model's entities: an ENTITY value must name one of them, of an allowed type */
  entities?: EntityRef[];
}

/** A number as a form shows it with its unit: "2.5 mm". */
export function withUnit(n: number, unit?: string | null): string {
  return unit ? `${n} ${unit}` : String(n);
}

function bounds(spec: ParamSpec, n: number, unit?: string | null): string | null {
  if (spec.min != null && n < spec.min) {
    return `must be at least ${withUnit(spec.min, unit)}`;
  }
  if (spec.max != null && n > spec.max) {
    return `must be at most ${withUnit(spec.max, unit)}`;
  }
  return null;
}

/** The file name's extension, lower case with the dot ('.csv'), or '' when it has none. */
export function extension(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(dot).toLowerCase() : '';
}

/**
 * What is wrong with a value of a parameter, in words that follow its title ("must be at least
 * 0 V"), or null when it keeps the spec. A missing value (undefined or null) is fine only for an
 * optional parameter.
 */
export function checkValue(spec: ParamSpec, value: unknown, context: CheckContext = {}): string | null {
  if (value === undefined || value === null) {
    return spec.optional ? null : 'is required';
  }
  switch (spec.type) {
    case 'NUMBER':
      if (typeof value !== 'number' || !Number.isFinite(value)) return 'must be a number';
      return bounds(spec, value, spec.unit);
    case 'INTEGER':
      if (typeof value !== 'number' || !Number.isInteger(value)) return 'must be a whole number';
      return bounds(spec, value, null);
    case 'BOOLEAN':
      return typeof value === 'boolean' ? null : 'must be true or false';
    case 'CHOICE': {
      const choices = spec.choices ?? [];
      return typeof value === 'string' && choices.includes(value) ? null : `must be one of ${choices.join(', ')}`;
    }
    case 'TEXT':
      if (typeof value !== 'string') return 'must be text';
      return spec.maxLength != null && codePoints(value) > spec.maxLength ? `must be at most ${spec.maxLength} characters long` : null;
    case 'VECTOR3': {
      if (!Array.isArray(value) || value.length !== 3 || !value.every((n) => typeof n === 'number' && Number.isFinite(n))) {
        return 'must be three numbers';
      }
      const axes = ['x', 'y', 'z'];
      for (let i = 0; i < 3; i++) {
        const problem = bounds(spec, value[i] as number, spec.unit);
        if (problem) return `${axes[i]} ${problem}`;
      }
      return null;
    }
    case 'ENTITY': {
      if (typeof value !== 'string' || value === '') return 'must name an entity';
      const allowed = spec.entityTypes ?? [];
      if (context.entities) {
        const entity = context.entities.find((e) => e.id === value);
        if (!entity) return 'names an entity that is not in the model';
        if (allowed.length && !allowed.includes(entity.type)) return `must be ${article(allowed)}, not ${entity.type} ${entity.name}`;
      }
      return null;
    }
    case 'FILE': {
      const file = value as Partial<FileValue>;
      if (typeof value !== 'object' || typeof file.upload !== 'string' || typeof file.name !== 'string' || typeof file.size !== 'number') {
        return 'must be an uploaded file';
      }
      const accept = spec.accept ?? [];
      if (accept.length && !accept.includes(extension(file.name))) return `must be a ${accept.join(' or ')} file`;
      if (spec.max != null && file.size > spec.max) return `must be at most ${spec.max} bytes`;
      return null;
    }
    case 'LIST': {
      if (!Array.isArray(value)) return 'must be a list';
      if (spec.min != null && value.length < spec.min) return `must have at least ${spec.min} ${spec.min === 1 ? 'item' : 'items'}`;
      if (spec.max != null && value.length > spec.max) return `must have at most ${spec.max} ${spec.max === 1 ? 'item' : 'items'}`;
      const item = spec.item;
      if (!item) return null;
      for (let i = 0; i < value.length; i++) {
        const problem = checkValue({ ...item, optional: false }, value[i], context);
        if (problem) return `item ${i + 1} ${problem}`;
      }
      return null;
    }
  }
}

function article(types: string[]): string {
  return types.length === 1 ? `a ${types[0]}` : `one of ${types.join(', ')}`;
}

/** The problems of a form's values, by parameter name (empty when all keep their specs). */
export function checkValues(specs: ParamSpec[], values: Record<string, unknown>, context: CheckContext = {}): Record<string, string> {
  const problems: Record<string, string> = {};
  for (const spec of specs) {
    const problem = checkValue(spec, values[spec.name], context);
    if (problem) {
      problems[spec.name] = problem;
    }
  }
  return problems;
}

/**
 * The value a form starts with: the spec's default; else false for a BOOLEAN, the first choice
 * of a CHOICE, '' for TEXT, an empty LIST; else nothing (the user must give it).
 */
export function initialValue(spec: ParamSpec): unknown {
  if (spec.defaultValue !== undefined && spec.defaultValue !== null) {
    return structuredClone(spec.defaultValue);
  }
  switch (spec.type) {
    case 'BOOLEAN':
      return spec.optional ? undefined : false;
    case 'CHOICE':
      return spec.optional ? undefined : spec.choices?.[0];
    case 'TEXT':
      return spec.optional ? undefined : '';
    case 'LIST':
      return spec.optional ? undefined : [];
    default:
      return undefined;
  }
}

export function initialValues(specs: ParamSpec[]): Record<string, unknown> {
  return Object.fromEntries(specs.map((s) => [s.name, initialValue(s)]));
}

/** The values to send: those given (a left-out optional one is omitted, the service applies its default). */
export function valuesToSend(specs: ParamSpec[], values: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const spec of specs) {
    const v = values[spec.name];
    if (v !== undefined && v !== null) {
      out[spec.name] = v;
    }
  }
  return out;
}

/**
 * The parameter a server's refusal names, so that the form shows it at that field: the longest
 * parameter name or title the reason mentions as a word (quoted or not); null when none.
 */
export function fieldOfReason(reason: string, specs: ParamSpec[]): string | null {
  const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  let best: { name: string; length: number } | null = null;
  for (const spec of specs) {
    for (const word of [spec.name, spec.title]) {
      if (word && new RegExp(`(^|[^\\p{L}\\p{N}_])${escape(word)}($|[^\\p{L}\\p{N}_])`, 'u').test(reason) && (!best || word.length > best.length)) {
        best = { name: spec.name, length: word.length };
      }
    }
  }
  return best?.name ?? null;
}

/** A value as a summary shows it: "1.5 mm", "(1, 2, 3) mm", "data.csv (1.2 KiB)", "3 items". */
export function showParam(spec: ParamSpec, value: unknown, context: CheckContext = {}): string {
  if (value === undefined || value === null) return '—';
  switch (spec.type) {
    case 'NUMBER':
      return withUnit(value as number, spec.unit);
    case 'VECTOR3':
      return Array.isArray(value) ? `(${value.join(', ')})${spec.unit ? ' ' + spec.unit : ''}` : String(value);
    case 'ENTITY':
      return context.entities?.find((e) => e.id === value)?.name ?? String(value);
    case 'FILE': {
      const f = value as Partial<FileValue>;
      return typeof f.name === 'string' ? `${f.name} (${formatBytes(f.size ?? 0)})` : JSON.stringify(value);
    }
    case 'LIST':
      return Array.isArray(value) ? (spec.item ? value.map((v) => showParam(spec.item!, v, context)).join('; ') || 'none' : JSON.stringify(value)) : String(value);
    case 'BOOLEAN':
      return value ? 'yes' : 'no';
    default:
      return String(value);
  }
}

export function formatBytes(n: number): string {
  return n < 1024 ? `${n} B` : n < 1024 * 1024 ? `${(n / 1024).toFixed(1)} KiB` : `${(n / 1024 / 1024).toFixed(1)} MiB`;
}

/** The properties of `next` that differ from `before` (JSON-compared): what Model.SetProperties gets. */
export function changedValues(before: Record<string, unknown>, next: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(next)) {
    if (JSON.stringify(v) !== JSON.stringify(before[k])) {
      out[k] = v;
    }
  }
  return out;
}
