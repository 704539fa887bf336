/** A line plot's geometry: axis ticks and the line's SVG path, reduced to what the pixels can show. Pure. */

/** Round tick values covering [min, max]: steps of 1, 2 or 5 times a power of ten, about `count` of them. */
export function niceTicks(min: number, max: number, count = 5): number[] {
  if (!Number.isFinite(min) || !Number.isFinite(max)) {
    return [];
  }
  if (min === max) {
    return [min];
  }
  if (min > max) {
    [min, max] = [max, min];
  }
  const raw = (max - min) / Math.max(1, count);
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw) ?? 10 * power;
  const ticks: number[] = [];
  for (let v = Math.ceil(min / step) * step; v <= max + step * 1e-9; v += step) {
    // Rounded to the step's precision, so that 0.30000000000000004 shows as 0.3.
    ticks.push(Number(v.toPrecision(12)));
  }
  return ticks;
}

/** The smallest and largest finite value (NaN and infinities skipped); null when there is none. */
export function extent(data: ArrayLike<number | bigint>): { min: number; max: number } | null {
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < data.length; i++) {
    const v = Number(data[i]);
    if (Number.isFinite(v)) {
      if (v < min) min = v;
      if (v > max) max = v;
    }
  }
  return min <= max ? { min, max } : null;
}

export interface Frame {
  width: number;
  height: number;
  /** the y range drawn (the plot's bottom and top) */
  yMin: number;
  yMax: number;
}

/**
 * The SVG path of y = data[i] over i = 0..n-1 in a width x height box (y up). With more samples
 * than twice the width, each pixel column draws the range of its samples (min to max), so a
 * million samples make a path of a few thousand points that looks the same. Non-finite samples
 * break the line.
 */
export function linePath(data: ArrayLike<number | bigint>, frame: Frame): string {
  const n = data.length;
  if (n === 0) {
    return '';
  }
  const { width, height, yMin, yMax } = frame;
  const span = yMax - yMin || 1;
  const x = (i: number) => (n === 1 ? width / 2 : (i / (n - 1)) * width);
  const y = (v: number) => height - ((v - yMin) / span) * height;
  const fmt = (v: number) => Math.round(v * 100) / 100;
  const parts: string[] = [];
  let pen = false;
  const point = (px: number, py: number) => {
    parts.push(`${pen ? 'L' : 'M'}${fmt(px)},${fmt(py)}`);
    pen = true;
  };
  const columns = Math.max(1, Math.floor(width));
  if (n <= 2 * columns) {
    for (let i = 0; i < n; i++) {
      const v = Number(data[i]);
      if (Number.isFinite(v)) point(x(i), y(v));
      else pen = false;
    }
    return parts.join('');
  }
  for (let c = 0; c < columns; c++) {
    const from = Math.floor((c * n) / columns);
    const to = Math.floor(((c + 1) * n) / columns);
    const range = extent(Array.prototype.slice.call(data, from, to) as number[]);
    if (!range) {
      pen = false;
      continue;
    }
    const px = x((from + to - 1) / 2);
    point(px, y(range.min));
    if (range.max !== range.min) point(px, y(range.max));
  }
  return parts.join('');
}

/** A tick's label: short, without float noise (1e-7 and 12000000 in exponent form). */
export function tickLabel(v: number): string {
  if (v === 0) return '0';
  const a = Math.abs(v);
  return a >= 1e6 || a < 1e-3 ? v.toExponential(1).replace('e+', 'e') : String(Number(v.toPrecision(6)));
}
