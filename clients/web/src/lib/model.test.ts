import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  buildTree,
  clockTime,
  colorOf,
  diffRows,
  drawable,
  formatTime,
  isVector,
  layoutGraph,
  showValue,
  triangleMesh,
  versionMark,
  visibleNodes,
  type Diff,
  type Entity,
  type EntityType,
  type HistoryEntry,
  type TreeNode,
} from './model';

const entity = (id: string, type: EntityType, name: string, parent?: string | null, properties?: Record<string, unknown>): Entity => ({
  id,
  version: 1,
  type,
  name,
  parent,
  properties,
});

/** The tree as "depth:name" lines, in display order. */
const outline = (nodes: TreeNode[]): string[] => nodes.flatMap((n) => [`${n.depth}:${n.entity.name}`, ...outline(n.children)]);

describe('buildTree', () => {
  it('puts folders first, then sorts by name, then by id', () => {
    const tree = buildTree([
      entity('e3', 'mesh', 'b'),
      entity('e2', 'geometry', 'a'),
      entity('e4', 'folder', 'z'),
      entity('e6', 'geometry', 'a'),
      entity('e5', 'folder', 'c'),
    ]);
    expect(tree.map((n) => n.entity.id)).toEqual(['e5', 'e4', 'e2', 'e6', 'e3']);
  });

  it('nests children under their parent with their depth', () => {
    const tree = buildTree([entity('f', 'folder', 'root'), entity('g', 'folder', 'sub', 'f'), entity('m', 'mesh', 'leaf', 'g'), entity('x', 'plot', 'top')]);
    expect(outline(tree)).toEqual(['0:root', '1:sub', '2:leaf', '0:top']);
  });

  it('shows an entity whose parent is not in the model at the top', () => {
    const tree = buildTree([entity('a', 'geometry', 'orphan', 'gone'), entity('b', 'geometry', 'plain', null)]);
    expect(outline(tree)).toEqual(['0:orphan', '0:plain']);
  });

  it('lists an id that comes twice once', () => {
    const tree = buildTree([entity('a', 'geometry', 'one'), entity('a', 'geometry', 'one')]);
    expect(outline(tree)).toEqual(['0:one']);
  });

  it('ends on a parent cycle', () => {
    const tree = buildTree([entity('a', 'folder', 'a', 'b'), entity('b', 'folder', 'b', 'a'), entity('c', 'folder', 'c')]);
    expect(outline(tree)).toEqual(['0:c']);
  });

  it('is empty for no entities', () => {
    expect(buildTree([])).toEqual([]);
  });
});

describe('visibleNodes', () => {
  const tree = buildTree([entity('f', 'folder', 'f'), entity('g', 'folder', 'g', 'f'), entity('m', 'mesh', 'm', 'g'), entity('x', 'plot', 'x')]);
  const names = (expanded: string[]) => visibleNodes(tree, new Set(expanded)).map((n) => n.entity.name);

  it('shows only the top level when nothing is expanded', () => {
    expect(names([])).toEqual(['f', 'x']);
  });

  it('shows children of expanded nodes only, all the way down', () => {
    expect(names(['f'])).toEqual(['f', 'g', 'x']);
    expect(names(['f', 'g'])).toEqual(['f', 'g', 'm', 'x']);
  });

  it('hides the children of an expanded node under a collapsed one', () => {
    expect(names(['g'])).toEqual(['f', 'x']);
  });
});

const version = (v: number, parent: number | null): HistoryEntry => ({
  version: v,
  parent,
  author: 'alice',
  time: 0,
  size: 0,
  changed: 0,
  labels: [],
  current: false,
  onLine: true,
});

describe('layoutGraph', () => {
  it('draws a line of versions in one lane', () => {
    const { rows, lanes } = layoutGraph([version(3, 2), version(2, 1), version(1, null)]);
    expect(lanes).toBe(1);
    expect(rows.map((r) => [r.entry.version, r.lane, r.through, r.parentLane])).toEqual([
      [3, 0, [], 0],
      [2, 0, [], 0],
      [1, 0, [], null],
    ]);
  });

  it('puts a branch in a second lane that ends at the branch point', () => {
    // 4 and 3 both come from 2; 2 from 1.
    const { rows, lanes } = layoutGraph([version(4, 2), version(3, 2), version(2, 1), version(1, null)]);
    expect(lanes).toBe(2);
    expect(rows.map((r) => [r.entry.version, r.lane, r.through, r.parentLane])).toEqual([
      [4, 0, [], 0],
      [3, 1, [0], 1],
      [2, 0, [], 0],
      [1, 0, [], null],
    ]);
  });

  it('keeps a lane running past versions of another branch', () => {
    // 5 -> 2, 4 -> 3 -> 2: the lane of 5 passes 4 and 3.
    const { rows } = layoutGraph([version(5, 2), version(4, 3), version(3, 2), version(2, null)]);
    expect(rows.map((r) => [r.entry.version, r.lane, r.through])).toEqual([
      [5, 0, []],
      [4, 1, [0]],
      [3, 1, [0]],
      [2, 0, []],
    ]);
  });

  it('treats parent 0 and a missing parent as a root', () => {
    const { rows } = layoutGraph([version(2, 0), { ...version(1, null), parent: undefined }]);
    expect(rows.map((r) => r.parentLane)).toEqual([null, null]);
    expect(rows.map((r) => r.lane)).toEqual([0, 0]);
  });

  it('is one empty lane for no versions', () => {
    expect(layoutGraph([])).toEqual({ rows: [], lanes: 1 });
  });
});

describe('times', () => {
  afterEach(() => vi.useRealTimers());

  it('says how long ago, from ISO text, epoch seconds or epoch milliseconds', () => {
    vi.useFakeTimers({ now: Date.parse('2026-01-01T12:00:00Z') });
    expect(formatTime('2026-01-01T11:59:30Z')).toBe('just now');
    expect(formatTime(Date.parse('2026-01-01T11:50:00Z') / 1000)).toBe('10 min ago');
    expect(formatTime(Date.parse('2026-01-01T11:50:00Z'))).toBe('10 min ago');
    expect(formatTime('2025-12-31T12:00:00Z')).toBe(new Date('2025-12-31T12:00:00Z').toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' }));
  });

  it('gives back what it cannot read as a time', () => {
    expect(formatTime('yesterday-ish')).toBe('yesterday-ish');
    expect(clockTime('not a time')).toBe('not a time');
  });

  it('reads epoch seconds and milliseconds as the same instant', () => {
    const millis = Date.parse('2026-01-01T08:09:10Z');
    expect(clockTime(millis / 1000)).toBe(clockTime(millis));
    expect(clockTime('2026-01-01T08:09:10Z')).toBe(clockTime(millis));
  });
});

describe('colorOf', () => {
  it('takes a hex colour only', () => {
    expect(colorOf(entity('m', 'material', 'copper', null, { color: '#b87333' }))).toBe('#b87333');
    expect(colorOf(entity('m', 'material', 'short', null, { color: '#fff' }))).toBe('#fff');
    expect(colorOf(entity('m', 'material', 'named', null, { color: 'red' }))).toBeNull();
    expect(colorOf(entity('m', 'material', 'css', null, { color: '#fff;background:url(x)' }))).toBeNull();
    expect(colorOf(entity('m', 'material', 'number', null, { color: 0xffffff }))).toBeNull();
    expect(colorOf(entity('m', 'material', 'none'))).toBeNull();
    expect(colorOf(undefined)).toBeNull();
  });
});

describe('isVector', () => {
  it('is three finite numbers', () => {
    expect(isVector([0, -1.5, 2e10])).toBe(true);
    expect(isVector([0, 1])).toBe(false);
    expect(isVector([0, 1, 2, 3])).toBe(false);
    expect(isVector([0, 1, NaN])).toBe(false);
    expect(isVector([0, 1, Infinity])).toBe(false);
    expect(isVector([0, 1, '2'])).toBe(false);
    expect(isVector({ 0: 1, 1: 2, 2: 3, length: 3 })).toBe(false);
    expect(isVector(null)).toBe(false);
  });
});

const tetrahedron = {
  vertices: [
    [0, 0, 0],
    [1, 0, 0],
    [0, 1, 0],
    [0, 0, 1],
  ],
  triangles: [
    [0, 2, 1],
    [0, 1, 3],
    [0, 3, 2],
    [1, 2, 3],
  ],
};

describe('triangleMesh', () => {
  it('flattens well-formed vertices and triangles', () => {
    expect(triangleMesh(entity('t', 'mesh', 'tet', null, tetrahedron))).toEqual({
      positions: [0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1],
      indices: [0, 2, 1, 0, 1, 3, 0, 3, 2, 1, 2, 3],
    });
  });

  it('refuses a mesh with a triangle naming a vertex it does not have', () => {
    expect(triangleMesh(entity('t', 'mesh', 'bad', null, { ...tetrahedron, triangles: [[0, 1, 4]] }))).toBeNull();
    expect(triangleMesh(entity('t', 'mesh', 'bad', null, { ...tetrahedron, triangles: [[0, 1, -1]] }))).toBeNull();
  });

  it('refuses indices that are not whole numbers, and triangles of another size', () => {
    expect(triangleMesh(entity('t', 'mesh', 'bad', null, { ...tetrahedron, triangles: [[0, 1, 1.5]] }))).toBeNull();
    expect(triangleMesh(entity('t', 'mesh', 'bad', null, { ...tetrahedron, triangles: [[0, 1, '2']] }))).toBeNull();
    expect(triangleMesh(entity('t', 'mesh', 'bad', null, { ...tetrahedron, triangles: [[0, 1, 2, 3]] }))).toBeNull();
  });

  it('refuses a broken vertex, fewer than three vertices, and no triangles', () => {
    expect(triangleMesh(entity('t', 'mesh', 'bad', null, { ...tetrahedron, vertices: [...tetrahedron.vertices.slice(1), [0, 0, null]] }))).toBeNull();
    expect(triangleMesh(entity('t', 'mesh', 'bad', null, { vertices: [[0, 0, 0], [1, 0, 0]], triangles: [[0, 1, 1]] }))).toBeNull();
    expect(triangleMesh(entity('t', 'mesh', 'bad', null, { ...tetrahedron, triangles: [] }))).toBeNull();
    expect(triangleMesh(entity('t', 'mesh', 'none'))).toBeNull();
  });

  it('is for meshes only', () => {
    expect(triangleMesh(entity('t', 'geometry', 'tet', null, tetrahedron))).toBeNull();
  });

  it('reads an entity object once', () => {
    const tet = entity('t', 'mesh', 'tet', null, { ...tetrahedron });
    const first = triangleMesh(tet);
    expect(triangleMesh(tet)).toBe(first);
    // A new version of the entity is a new object, read anew.
    expect(triangleMesh({ ...tet, version: 2 })).not.toBe(first);
  });
});

describe('drawable', () => {
  const box = { shape: 'box', origin: [0, 0, 0], size: [1, 2, 3] };

  it('draws boxes of geometry and meshes', () => {
    expect(drawable(entity('g', 'geometry', 'g', null, box))).toBe('box');
    expect(drawable(entity('m', 'mesh', 'm', null, box))).toBe('box');
    expect(drawable(entity('r', 'result', 'r', null, box))).toBeNull();
    expect(drawable(entity('g', 'geometry', 'g', null, { ...box, size: [1, 2] }))).toBeNull();
    expect(drawable(entity('g', 'geometry', 'g', null, { ...box, shape: 'sphere' }))).toBeNull();
  });

  it('draws triangle meshes, and their bounds or points when the triangles are broken', () => {
    expect(drawable(entity('m', 'mesh', 'm', null, tetrahedron))).toBe('triangles');
    const bounds = { min: [0, 0, 0], max: [1, 1, 1] };
    expect(drawable(entity('m', 'mesh', 'm', null, { ...tetrahedron, triangles: [[0, 1, 9]], bounds }))).toBe('bounds');
    expect(drawable(entity('m', 'mesh', 'm', null, { ...tetrahedron, triangles: [[0, 1, 9]], points: [[0, 0, 0]] }))).toBe('points');
    expect(drawable(entity('m', 'mesh', 'm', null, { ...tetrahedron, triangles: [[0, 1, 9]] }))).toBeNull();
  });

  it('draws bounds of meshes only', () => {
    const bounds = { min: [0, 0, 0], max: [1, 1, 1] };
    expect(drawable(entity('m', 'mesh', 'm', null, { bounds }))).toBe('bounds');
    expect(drawable(entity('g', 'geometry', 'g', null, { bounds }))).toBeNull();
    expect(drawable(entity('m', 'mesh', 'm', null, { bounds: { min: [0, 0, 0] } }))).toBeNull();
  });

  it('draws points when at least one is a vector, for geometry, meshes and results', () => {
    expect(drawable(entity('r', 'result', 'r', null, { points: [[0, 0], [1, 2, 3]] }))).toBe('points');
    expect(drawable(entity('r', 'result', 'r', null, { points: [[0, 0]] }))).toBeNull();
    expect(drawable(entity('p', 'plot', 'p', null, { points: [[1, 2, 3]] }))).toBeNull();
    expect(drawable(entity('g', 'geometry', 'g', null, { points: 'many' }))).toBeNull();
  });

  it('draws nothing without properties', () => {
    expect(drawable(entity('g', 'geometry', 'g'))).toBeNull();
    expect(drawable({ ...entity('g', 'geometry', 'g'), properties: null })).toBeNull();
  });
});

describe('comparisons', () => {
  const diff: Diff = {
    from: 2,
    to: 4,
    added: ['n'],
    removed: ['o'],
    changed: ['b', 'm', 's'],
    truncated: true,
    entities: [
      {
        id: 'b',
        name: 'Box',
        type: 'geometry',
        change: 'changed',
        fields: [
          { field: 'name', before: { value: 'Box 1' }, after: { value: 'Box' } },
          { field: 'parent', before: { value: 'p1', name: 'Parts' }, after: { value: 'g', name: 'Geometry' } },
          { field: 'properties.size', before: { value: [1, 2, 4] }, after: { value: [1, 2, 3] } },
          { field: 'properties.color', before: { value: '#ff0000' } },
        ],
        moreFields: 0,
      },
      {
        id: 'm',
        name: 'Mesh',
        type: 'mesh',
        change: 'changed',
        fields: [{ field: 'properties.vertices', before: { summary: 'array of 1,204 items', preview: '[[0,0,0],…' }, after: { summary: 'array of 1,310 items', preview: '[[0,0,0],…' } }],
        moreFields: 3,
      },
      { id: 's', name: 'Same', type: 'folder', change: 'changed', fields: [], moreFields: 0 },
      { id: 'n', name: 'New', type: 'geometry', change: 'added', fields: [], moreFields: 0 },
      { id: 'o', name: 'Old', type: 'material', change: 'removed', fields: [], moreFields: 0 },
    ],
  };

  it('shows a value whole, by the name of the entity it names, or summarised; an absent one as a dash', () => {
    expect(showValue({ value: 'Box' })).toBe('Box');
    expect(showValue({ value: [1, 2, 3] })).toBe('[1,2,3]');
    expect(showValue({ value: 2.5 })).toBe('2.5');
    expect(showValue({ value: null })).toBe('null');
    expect(showValue({ value: 'g', name: 'Geometry' })).toBe('Geometry');
    expect(showValue({ summary: 'array of 1,204 items', preview: '[[0,0,0],…' })).toBe('array of 1,204 items: [[0,0,0],…');
    expect(showValue(undefined)).toBe('—');
  });

  it('makes a row per differing property (old and new), per added or removed entity, and counts what was left out', () => {
    const rows = diffRows(diff).map((r) => [r.entity, r.field, r.before, r.after]);
    expect(rows).toEqual([
      ['Box', 'name', 'Box 1', 'Box'],
      ['Box', 'parent', 'Parts', 'Geometry'],
      ['Box', 'size', '[1,2,4]', '[1,2,3]'],
      ['Box', 'color', '#ff0000', '—'],
      ['Mesh', 'vertices', 'array of 1,204 items: [[0,0,0],…', 'array of 1,310 items: [[0,0,0],…'],
      ['Mesh', '… 3 more fields', '', ''],
      ['Same', '(saved again)', '', 'no field differs'],
      ['New', '(entity)', '—', 'added (geometry)'],
      ['Old', '(entity)', 'material', 'removed'],
    ]);
    expect(new Set(diffRows(diff).map((r) => r.key)).size).toBe(9);
  });
});

describe('versionMark', () => {
  const entry = (version: number, current: boolean, onLine: boolean): HistoryEntry => ({ version, parent: version - 1, author: 'a', time: 0, size: 1, changed: 1, labels: [], current, onLine });

  it('marks a version undone only when Redo reaches it, else as on another branch', () => {
    // v1-v2-v3-v4, v2 checked out: Redo goes to v3, then v4.
    expect(versionMark(entry(2, true, true), [4, 3])).toBe('current');
    expect(versionMark(entry(1, false, true), [4, 3])).toBe('line');
    expect(versionMark(entry(3, false, false), [4, 3])).toBe('undone');
    expect(versionMark(entry(4, false, false), [4, 3])).toBe('undone');
    // After a save branches at v2 there is nothing to redo: v3 and v4 are on another branch, newer or not.
    expect(versionMark(entry(4, false, false), [])).toBe('other-branch');
  });
});
