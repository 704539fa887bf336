import { describe, expect, it } from 'vitest';
import type { ParamSpec } from './contract';
import { changedValues, checkValue, checkValues, extension, fieldOfReason, initialValue, initialValues, showParam, valuesToSend } from './params';

const spec = (fields: Partial<ParamSpec> & Pick<ParamSpec, 'type'>): ParamSpec => ({ name: 'p', title: 'P', ...fields });
const entities = [
  { id: 'e1', name: 'Signal 1', type: 'result' },
  { id: 'e2', name: 'Box', type: 'geometry' },
];

describe('checkValue', () => {
  it('requires a value unless the parameter is optional', () => {
    expect(checkValue(spec({ type: 'NUMBER' }), undefined)).toBe('is required');
    expect(checkValue(spec({ type: 'NUMBER' }), null)).toBe('is required');
    expect(checkValue(spec({ type: 'NUMBER', optional: true }), undefined)).toBeNull();
  });

  it('checks numbers, their bounds inclusive, with the unit', () => {
    const amplitude = spec({ type: 'NUMBER', unit: 'V', min: 0, max: 10 });
    expect(checkValue(amplitude, 0)).toBeNull();
    expect(checkValue(amplitude, 10)).toBeNull();
    expect(checkValue(amplitude, -0.5)).toBe('must be at least 0 V');
    expect(checkValue(amplitude, 10.1)).toBe('must be at most 10 V');
    expect(checkValue(amplitude, NaN)).toBe('must be a number');
    expect(checkValue(amplitude, '3')).toBe('must be a number');
  });

  it('checks integers and their bounds', () => {
    const samples = spec({ type: 'INTEGER', min: 2, max: 1000 });
    expect(checkValue(samples, 64)).toBeNull();
    expect(checkValue(samples, 2.5)).toBe('must be a whole number');
    expect(checkValue(samples, 1)).toBe('must be at least 2');
  });

  it('checks booleans and choices', () => {
    expect(checkValue(spec({ type: 'BOOLEAN' }), false)).toBeNull();
    expect(checkValue(spec({ type: 'BOOLEAN' }), 'true')).toBe('must be true or false');
    const window = spec({ type: 'CHOICE', choices: ['none', 'hann'] });
    expect(checkValue(window, 'hann')).toBeNull();
    expect(checkValue(window, 'blackman')).toBe('must be one of none, hann');
  });

  it('counts text in code points, as the server does (an emoji is one)', () => {
    const label = spec({ type: 'TEXT', maxLength: 3 });
    expect(checkValue(label, '😀😀😀')).toBeNull();
    expect(checkValue(label, 'abcd')).toBe('must be at most 3 characters long');
    expect(checkValue(label, 3)).toBe('must be text');
  });

  it('checks three-vectors and each component against the bounds', () => {
    const offset = spec({ type: 'VECTOR3', unit: 'mm', min: -5, max: 5 });
    expect(checkValue(offset, [0, 1, 2])).toBeNull();
    expect(checkValue(offset, [0, 1])).toBe('must be three numbers');
    expect(checkValue(offset, [0, NaN, 1])).toBe('must be three numbers');
    expect(checkValue(offset, [0, 6, 1])).toBe('y must be at most 5 mm');
  });

  it('checks entity references against the model and the allowed types', () => {
    const input = spec({ type: 'ENTITY', entityTypes: ['result'] });
    expect(checkValue(input, 'e1', { entities })).toBeNull();
    expect(checkValue(input, 'e2', { entities })).toBe('must be a result, not geometry Box');
    expect(checkValue(input, 'gone', { entities })).toBe('names an entity that is not in the model');
    expect(checkValue(input, '', { entities })).toBe('must name an entity');
    expect(checkValue(spec({ type: 'ENTITY', entityTypes: [] }), 'e2', { entities })).toBeNull();
  });

  it('checks uploaded files: the shape, the extension and the size limit', () => {
    const samples = spec({ type: 'FILE', accept: ['.csv'], max: 1000 });
    expect(checkValue(samples, { upload: 'u1', name: 'Data.CSV', size: 10 })).toBeNull();
    expect(checkValue(samples, { upload: 'u1', name: 'data.txt', size: 10 })).toBe('must be a .csv file');
    expect(checkValue(samples, { upload: 'u1', name: 'data.csv', size: 1001 })).toBe('must be at most 1000 bytes');
    expect(checkValue(samples, { name: 'data.csv', size: 1 })).toBe('must be an uploaded file');
  });

  it('checks lists: their length and every item, naming the item', () => {
    const extra = spec({ type: 'LIST', min: 1, max: 3, item: spec({ type: 'NUMBER', min: 0 }) });
    expect(checkValue(extra, [1, 2])).toBeNull();
    expect(checkValue(extra, [])).toBe('must have at least 1 item');
    expect(checkValue(extra, [1, 2, 3, 4])).toBe('must have at most 3 items');
    expect(checkValue(extra, [1, -2])).toBe('item 2 must be at least 0');
    expect(checkValue(extra, [1, undefined])).toBe('item 2 is required');
    expect(checkValue(extra, 'x')).toBe('must be a list');
  });
});

describe('forms', () => {
  const specs: ParamSpec[] = [
    { name: 'amplitude', title: 'Amplitude', type: 'NUMBER', unit: 'V', defaultValue: 1 },
    { name: 'normalise', title: 'Normalise', type: 'BOOLEAN' },
    { name: 'window', title: 'Window', type: 'CHOICE', choices: ['none', 'hann'] },
    { name: 'label', title: 'Label', type: 'TEXT', optional: true },
    { name: 'extra', title: 'Extra', type: 'LIST', item: { name: '', title: '', type: 'NUMBER' } },
    { name: 'frequency', title: 'Frequency', type: 'NUMBER', unit: 'Hz' },
  ];

  it('start with the defaults, or the natural empty value, or nothing', () => {
    expect(initialValues(specs)).toEqual({ amplitude: 1, normalise: false, window: 'none', label: undefined, extra: [], frequency: undefined });
    const vector = { name: 'v', title: 'V', type: 'VECTOR3', defaultValue: [1, 2, 3] } as ParamSpec;
    const first = initialValue(vector) as number[];
    first[0] = 9;
    expect(initialValue(vector)).toEqual([1, 2, 3]);
  });

  it('list every problem by parameter name', () => {
    expect(checkValues(specs, initialValues(specs))).toEqual({ frequency: 'is required' });
  });

  it('send what was given, leaving out optional ones left empty', () => {
    expect(valuesToSend(specs, { ...initialValues(specs), frequency: 50 })).toEqual({ amplitude: 1, normalise: false, window: 'none', extra: [], frequency: 50 });
  });

  it("find the parameter a server's refusal names, preferring the longest match", () => {
    const named: ParamSpec[] = [
      { name: 'offset', title: 'Offset', type: 'VECTOR3' },
      { name: 'offsetScale', title: 'Offset scale', type: 'NUMBER' },
    ];
    expect(fieldOfReason("parameter 'offsetScale' must be at least 0", named)).toBe('offsetScale');
    expect(fieldOfReason('offset: x must be at most 5 mm', named)).toBe('offset');
    expect(fieldOfReason('Offset scale must be a number', named)).toBe('offsetScale');
    expect(fieldOfReason('the service is busy', named)).toBeNull();
    expect(fieldOfReason('offsets are wrong', named)).toBeNull();
  });

  it('show values with their units and names', () => {
    expect(showParam({ name: 'a', title: 'A', type: 'NUMBER', unit: 'V' }, 2.5)).toBe('2.5 V');
    expect(showParam({ name: 'o', title: 'O', type: 'VECTOR3', unit: 'mm' }, [1, 2, 3])).toBe('(1, 2, 3) mm');
    expect(showParam({ name: 'e', title: 'E', type: 'ENTITY' }, 'e1', { entities })).toBe('Signal 1');
    expect(showParam({ name: 'f', title: 'F', type: 'FILE' }, { upload: 'u', name: 'a.csv', size: 2048 })).toBe('a.csv (2.0 KiB)');
    expect(showParam({ name: 'b', title: 'B', type: 'BOOLEAN' }, true)).toBe('yes');
    expect(showParam({ name: 'l', title: 'L', type: 'LIST', item: { name: '', title: '', type: 'NUMBER', unit: 'Hz' } }, [1, 2])).toBe('1 Hz; 2 Hz');
  });

  it('know the changed properties and file extensions', () => {
    expect(changedValues({ a: 1, b: [1, 2], c: 'x' }, { a: 1, b: [1, 3], c: 'y' })).toEqual({ b: [1, 3], c: 'y' });
    expect(extension('samples.CSV')).toBe('.csv');
    expect(extension('.hidden')).toBe('');
    expect(extension('README')).toBe('');
  });
});
