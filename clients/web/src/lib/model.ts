/** The Model service's answers, and pure helpers over them (no I/O here). */
import type { EntityOrigin, ParamSpec } from './contract';

export const ENTITY_TYPES = ['folder', 'geometry', 'mesh', 'material', 'solver-settings', 'result', 'plot'] as const;
export type EntityType = (typeof ENTITY_TYPES)[number];

export interface Entity {
  id: string;
  version: number;
  type: EntityType;
  name: string;
  parent?: string | null;
  properties?: Record<string, unknown> | null;
  refs?: string[] | null;
  dataSize?: number | null;
  /** what made it (a command of a compute service, from these entities): editing it re-runs that */
  origin?: EntityOrigin | null;
  /** the types of its properties (the making command's parameters): the grid edits them with typed widgets */
  propertyTypes?: ParamSpec[] | null;
}

/** Whether an entity's properties are typed (edited with the forms' widgets, checked before sending). */
export function isTyped(entity: Entity): boolean {
  return Array.isArray(entity.propertyTypes) && entity.propertyTypes.length > 0;
}

export interface ModelInfo {
  project: string;
  version: number;
  redo: number[];
  versions: number;
  entities: number;
  labels: Record<string, number>;
}

export interface HistoryEntry {
  version: number;
  parent?: number | null;
  author: string;
  message?: string | null;
  time: string | number;
  size: number;
  changed: number;
  labels: string[];
  current: boolean;
  onLine: boolean;
}

/** A value in a comparison: itself when short, else a summary ("array of 1,204 items") and the start of its JSON. */
export interface ValueView {
  value?: unknown;
  summary?: string;
  preview?: string;
  /** the name of the entity whose id the value is (a parent) */
  name?: string;
}

/** A field of an entity that differs: name, type, parent, refs, data or properties.<key>; a side absent when the field was not there. */
export interface FieldChange {
  field: string;
  before?: ValueView;
  after?: ValueView;
}

export interface EntityChange {
  id: string;
  name: string;
  type: string;
  change: 'added' | 'removed' | 'changed';
  fields: FieldChange[];
  /** further differing fields the answer's bound left out */
  moreFields: number;
}

/** Model.Diff: complete id lists, and details bounded by the service (truncated says when some were left out). */
export interface Diff {
  from: number;
  to: number;
  added: string[];
  removed: string[];
  changed: string[];
  entities: EntityChange[];
  truncated: boolean;
}

/** One row of a comparison's table: entity, property, old value, new value. */
export interface DiffRow {
  key: string;
  entity: string;
  change: EntityChange['change'];
  field: string;
  before: string;
  after: string;
}

/** A value as the comparison's table shows it; "—" for a field that is not there. */
export function showValue(view: ValueView | undefined): string {
  if (!view) {
    return '—';
  }
  if (view.name !== undefined) {
    return view.name;
  }
  if (view.summary !== undefined) {
    return view.preview ? `${view.summary}: ${view.preview}` : view.summary;
  }
  return typeof view.value === 'string' ? view.value : JSON.stringify(view.value);
}

/** The rows of a comparison: a row per differing field of a changed entity, one per added or removed entity. */
export function diffRows(diff: Diff): DiffRow[] {
  const rows: DiffRow[] = [];
  for (const e of diff.entities ?? []) {
    const base = { entity: e.name, change: e.change };
    if (e.change === 'added') {
      rows.push({ ...base, key: `${e.id}:added`, field: '(entity)', before: '—', after: `added (${e.type})` });
    } else if (e.change === 'removed') {
      rows.push({ ...base, key: `${e.id}:removed`, field: '(entity)', before: `${e.type}`, after: 'removed' });
    } else {
      e.fields.forEach((f) => rows.push({ ...base, key: `${e.id}:${f.field}`, field: f.field.replace(/^properties\./, ''), before: showValue(f.before), after: showValue(f.after) }));
      if (e.fields.length === 0 && e.moreFields === 0) {
        rows.push({ ...base, key: `${e.id}:same`, field: '(saved again)', before: '', after: 'no field differs' });
      }
      if (e.moreFields > 0) {
        rows.push({ ...base, key: `${e.id}:more`, field: `… ${e.moreFields} more ${e.moreFields === 1 ? 'field' : 'fields'}`, before: '', after: '' });
      }
    }
  }
  return rows;
}

/** How the history marks a version: current, on the current line, undone (Redo brings it back), or on another branch. */
export type VersionMark = 'current' | 'line' | 'undone' | 'other-branch';

/**
 * The mark of each version, as Redo will act: a version is "undone" only when it is in the
 * model's redo list (Redo reaches it); other versions off the current line are on another branch.
 */
export function versionMark(entry: HistoryEntry, redo: number[]): VersionMark {
  if (entry.current) return 'current';
  if (entry.onLine) return 'line';
  return redo.includes(entry.version) ? 'undone' : 'other-branch';
}

export interface TreeNode {
  entity: Entity;
  children: TreeNode[];
  depth: number;
}

/** The entities as a forest by parent, folders first, then by name. */
export function buildTree(entities: Entity[]): TreeNode[] {
  const byParent = new Map<string, Entity[]>();
  const ids = new Set(entities.map((e) => e.id));
  for (const e of entities) {
    const key = e.parent && ids.has(e.parent) ? e.parent : '';
    const list = byParent.get(key) ?? [];
    list.push(e);
    byParent.set(key, list);
  }
  const order = (a: Entity, b: Entity) =>
    (a.type === 'folder' ? 0 : 1) - (b.type === 'folder' ? 0 : 1) || a.name.localeCompare(b.name) || a.id.localeCompare(b.id);
  const seen = new Set<string>();
  const build = (key: string, depth: number): TreeNode[] =>
    (byParent.get(key) ?? [])
      .sort(order)
      .filter((e) => !seen.has(e.id) && (seen.add(e.id), true))
      .map((e) => ({ entity: e, depth, children: build(e.id, depth + 1) }));
  return build('', 0);
}

/** The nodes in display order, skipping the children of collapsed ones. */
export function visibleNodes(forest: TreeNode[], expanded: Set<string>): TreeNode[] {
  const out: TreeNode[] = [];
  const walk = (nodes: TreeNode[]) => {
    for (const node of nodes) {
      out.push(node);
      if (node.children.length && expanded.has(node.entity.id)) {
        walk(node.children);
      }
    }
  };
  walk(forest);
  return out;
}

export interface GraphRow {
  entry: HistoryEntry;
  lane: number;
  /** lanes that pass through this row (a line from the row above to the row below) */
  through: number[];
  /** the lane of the parent this row's line goes down to, when the parent is below */
  parentLane: number | null;
}

/**
 * Lanes for a version graph drawn newest first, as `git log --graph` draws it: each version
 * sits in a lane; a lane waits for the version it points to; a version that several lanes
 * wait for (a branch point) takes the leftmost, and the others end there.
 */
export function layoutGraph(entries: HistoryEntry[]): { rows: GraphRow[]; lanes: number } {
  const lanes: (number | null)[] = []; // the version each lane waits for
  const rows: GraphRow[] = [];
  let width = 1;
  for (const entry of entries) {
    let lane = lanes.indexOf(entry.version);
    if (lane < 0) {
      lane = lanes.indexOf(null);
      if (lane < 0) {
        lane = lanes.length;
        lanes.push(null);
      }
    }
    // Other lanes waiting for this version end here (they branched from it).
    for (let i = 0; i < lanes.length; i++) {
      if (i !== lane && lanes[i] === entry.version) {
        lanes[i] = null;
      }
    }
    const through = lanes.map((v, i) => (v !== null && i !== lane ? i : -1)).filter((i) => i >= 0);
    const parent = entry.parent ?? null;
    lanes[lane] = parent !== null && parent > 0 ? parent : null;
    rows.push({ entry, lane, through, parentLane: lanes[lane] === null ? null : lane });
    while (lanes.length && lanes[lanes.length - 1] === null) {
      lanes.pop();
    }
    width = Math.max(width, lane + 1, ...through.map((i) => i + 1));
  }
  return { rows, lanes: width };
}

export function formatTime(value: string | number): string {
  const millis = typeof value === 'number' ? (value < 1e12 ? value * 1000 : value) : Date.parse(value);
  if (Number.isNaN(millis)) {
    return String(value);
  }
  const seconds = Math.round((Date.now() - millis) / 1000);
  if (seconds < 45) {
    return 'just now';
  }
  if (seconds < 3600) {
    return `${Math.round(seconds / 60)} min ago`;
  }
  const date = new Date(millis);
  return date.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

/** The time of day, to the second, of an instant (ISO text or epoch seconds). */
export function clockTime(value: string | number): string {
  const millis = typeof value === 'number' ? (value < 1e12 ? value * 1000 : value) : Date.parse(value);
  return Number.isNaN(millis) ? String(value) : new Date(millis).toLocaleTimeString(undefined, { hour12: false });
}

/** A colour from a material's properties, or null. */
export function colorOf(entity: Entity | undefined): string | null {
  const color = entity?.properties?.color;
  return typeof color === 'string' && /^#[0-9a-fA-F]{3,8}$/.test(color) ? color : null;
}

export function isVector(value: unknown): value is [number, number, number] {
  return Array.isArray(value) && value.length === 3 && value.every((n) => typeof n === 'number' && Number.isFinite(n));
}

/** A triangle mesh as the 3D view takes it: vertex coordinates (x, y, z each) and three vertex indices a triangle. */
export interface TriangleMesh {
  positions: number[];
  indices: number[];
}

const triangleMeshes = new WeakMap<Entity, TriangleMesh | null>();

/**
 * A mesh entity's `vertices` ([[x, y, z], ...]) and `triangles` ([[i, j, k], ...], indices into
 * the vertices) when both are well formed; null otherwise (any vertex that is not three finite
 * numbers, any triangle that is not three whole numbers naming a vertex), so that a broken
 * mesh is listed, never drawn half or wrongly. Remembered per entity object: the view asks often.
 */
export function triangleMesh(entity: Entity): TriangleMesh | null {
  if (entity.type !== 'mesh') {
    return null;
  }
  if (!triangleMeshes.has(entity)) {
    triangleMeshes.set(entity, readTriangleMesh(entity.properties ?? {}));
  }
  return triangleMeshes.get(entity) ?? null;
}

function readTriangleMesh(p: Record<string, unknown>): TriangleMesh | null {
  const { vertices, triangles } = p;
  if (!Array.isArray(vertices) || !Array.isArray(triangles) || vertices.length < 3 || triangles.length === 0 || !vertices.every(isVector)) {
    return null;
  }
  const vertex = (i: unknown) => Number.isInteger(i) && (i as number) >= 0 && (i as number) < vertices.length;
  if (!triangles.every((t) => Array.isArray(t) && t.length === 3 && t.every(vertex))) {
    return null;
  }
  return { positions: vertices.flat(), indices: (triangles as number[][]).flat() };
}

/** How the 3D view draws an entity: a box, a triangle mesh, bounds, points, or nothing (then it is only listed). */
export function drawable(entity: Entity): 'box' | 'triangles' | 'points' | 'bounds' | null {
  const p = entity.properties ?? {};
  if ((entity.type === 'geometry' || entity.type === 'mesh') && p.shape === 'box' && isVector(p.origin) && isVector(p.size)) {
    return 'box';
  }
  if (triangleMesh(entity)) {
    return 'triangles';
  }
  if (entity.type === 'mesh') {
    const b = p.bounds as { min?: unknown; max?: unknown } | undefined;
    if (b && isVector(b.min) && isVector(b.max)) {
      return 'bounds';
    }
  }
  if ((entity.type === 'mesh' || entity.type === 'geometry' || entity.type === 'result') && Array.isArray(p.points) && p.points.some((q) => isVector(q))) {
    return 'points';
  }
  return null;
}
