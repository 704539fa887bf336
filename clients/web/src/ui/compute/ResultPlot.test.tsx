import { render } from 'preact';
import { afterEach, describe, expect, it } from 'vitest';
import { LinePlot } from './ResultPlot';

const roots: HTMLElement[] = [];
afterEach(() => roots.splice(0).forEach((r) => (render(null, r), r.remove())));

describe('LinePlot', () => {
  it('draws an array as a line with axes, its unit and a title', () => {
    const root = document.createElement('div');
    document.body.appendChild(root);
    roots.push(root);
    const data = Float32Array.from({ length: 64 }, (_, i) => [-2, 0, 2, 0][i % 4]);
    render(<LinePlot title="Signal 1: samples" array={{ name: 'samples', dtype: 'f32', shape: [64], unit: 'V', data }} />, root);
    const svg = root.querySelector('svg')!;
    expect(svg.getAttribute('role')).toBe('img');
    expect(svg.getAttribute('aria-label')).toMatch(/^Signal 1: samples: line plot of 64 samples from -2 to 2 \[V\]$/);
    const texts = [...svg.querySelectorAll('text')].map((t) => t.textContent);
    expect(texts).toContain('Signal 1: samples');
    expect(texts).toContain('samples [V]');
    expect(texts).toContain('sample');
    expect(texts).toContain('0');
    const d = svg.querySelector('path.plot-line')!.getAttribute('d')!;
    expect(d.match(/[ML]/g)).toHaveLength(64);
  });
});
