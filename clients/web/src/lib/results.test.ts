import { describe, expect, it } from 'vitest';
import { mayHaveArrays, plottable, resultUrl, type NdArray } from './results';

const array = (shape: number[], data: ArrayLike<number>): NdArray => ({ name: 'a', dtype: 'f32', shape, unit: 'V', data: Float32Array.from(data) });

describe('results', () => {
  it("addresses an entity's payload on the page's origin", () => {
    expect(resultUrl('s 1', 'e/2', 3)).toBe('/data/s%201/e%2F2?version=3');
    expect(resultUrl('s1', 'e2')).toBe('/data/s1/e2');
  });

  it('draws one-dimensional arrays (or n x 1) of two samples or more', () => {
    const line = array([4], new Float32Array(4));
    const column = array([3, 1], new Float32Array(3));
    expect(plottable([line, column, array([2, 2], new Float32Array(4)), array([1], new Float32Array(1))])).toEqual([line, column]);
  });

  it('fetches payloads of results only', () => {
    expect(mayHaveArrays({ type: 'result', dataSize: 100 })).toBe(true);
    expect(mayHaveArrays({ type: 'result', dataSize: 0 })).toBe(false);
    expect(mayHaveArrays({ type: 'mesh', dataSize: 100 })).toBe(false);
  });
});
