import { describe, expect, it } from 'vitest';
import { extent, linePath, niceTicks, tickLabel } from './plot';

describe('niceTicks', () => {
  it('takes steps of 1, 2 or 5 times a power of ten inside the range', () => {
    expect(niceTicks(0, 10, 5)).toEqual([0, 2, 4, 6, 8, 10]);
    expect(niceTicks(-1, 1, 4)).toEqual([-1, -0.5, 0, 0.5, 1]);
    expect(niceTicks(0.1, 0.35, 5)).toEqual([0.1, 0.15, 0.2, 0.25, 0.3, 0.35]);
    expect(niceTicks(3, 3)).toEqual([3]);
    expect(niceTicks(NaN, 1)).toEqual([]);
  });
});

describe('extent', () => {
  it('skips values that are not finite', () => {
    expect(extent(new Float32Array([3, NaN, -1, Infinity, 2]))).toEqual({ min: -1, max: 3 });
    expect(extent(new Float64Array([NaN]))).toBeNull();
    expect(extent(new BigInt64Array([5n, -2n]))).toEqual({ min: -2, max: 5 });
  });
});

describe('linePath', () => {
  const frame = { width: 100, height: 50, yMin: 0, yMax: 10 };

  it('draws each sample when there are few, y up', () => {
    expect(linePath([0, 10, 5], frame)).toBe('M0,50L50,0L100,25');
  });

  it('breaks the line at samples that are not numbers', () => {
    expect(linePath([0, NaN, 10], frame)).toBe('M0,50M100,0');
  });

  it('reduces many samples to the range of each pixel column', () => {
    const data = new Float32Array(100_000).map((_, i) => (i % 2 ? 10 : 0));
    const path = linePath(data, frame);
    expect(path.split(/[ML]/).filter(Boolean)).toHaveLength(200);
    expect(path.startsWith('M')).toBe(true);
  });
});

describe('tickLabel', () => {
  it('is short', () => {
    expect(tickLabel(0)).toBe('0');
    expect(tickLabel(0.30000000000000004)).toBe('0.3');
    expect(tickLabel(12_000_000)).toBe('1.2e7');
    expect(tickLabel(-0.0001)).toBe('-1.0e-4');
  });
});
