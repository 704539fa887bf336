import { useEffect, useState } from 'preact/hooks';
import { describe } from '../../lib/api';
import { formatRemaining } from '../../lib/jobs';
import { formatBytes } from '../../lib/params';
import { extent, linePath, niceTicks, tickLabel } from '../../lib/plot';
import { fetchArrays, plottable, type DownloadProgress, type NdArray } from '../../lib/results';

/** Payloads from this size on show a download bar (smaller ones arrive before it could be read). */
const SHOW_PROGRESS_FROM = 256 * 1024;

/**
 * The arrays in a result entity's payload, fetched as binary with progress and drawn: each
 * one-dimensional array as a line plot with axes, its unit and a title.
 */
export function ResultPlot({ session, entity }: { session: string; entity: { id: string; name: string; version: number; dataSize?: number | null } }) {
  const [arrays, setArrays] = useState<NdArray[] | null>(null);
  const [progress, setProgress] = useState<DownloadProgress | null>(null);
  const [trouble, setTrouble] = useState<string | null>(null);

  useEffect(() => {
    const abort = new AbortController();
    setArrays(null);
    setTrouble(null);
    setProgress({ loaded: 0, total: entity.dataSize ?? undefined });
    fetchArrays(session, entity.id, entity.version, setProgress, abort.signal).then(
      (a) => {
        setArrays(a);
        setProgress(null);
      },
      (e) => {
        if (!abort.signal.aborted) {
          setTrouble(describe(e));
          setProgress(null);
        }
      },
    );
    return () => abort.abort();
  }, [session, entity.id, entity.version]);

  if (trouble) {
    return <p class="muted small">Cannot draw the result: {trouble}</p>;
  }
  if (progress) {
    const total = progress.total ?? entity.dataSize ?? 0;
    return total >= SHOW_PROGRESS_FROM ? (
      <div class="download" role="status">
        <progress max={Math.max(1, total)} value={progress.loaded} aria-label={`Downloading ${entity.name}`} />
        <span class="small">
          {formatBytes(progress.loaded)} of {formatBytes(total)}
          {progress.remainingMs != null ? ` · ${formatRemaining(progress.remainingMs)}` : ''}
        </span>
      </div>
    ) : (
      <p class="muted small" role="status">
        Reading the result…
      </p>
    );
  }
  const lines = plottable(arrays ?? []);
  if (lines.length === 0) {
    return <p class="muted small">No one-dimensional array to draw in this result.</p>;
  }
  return (
    <div class="plots">
      {lines.slice(0, 4).map((a) => (
        <LinePlot key={a.name} title={`${entity.name}: ${a.name}`} array={a} />
      ))}
    </div>
  );
}

const W = 300;
const H = 170;
const M = { left: 44, right: 8, top: 22, bottom: 30 };

/** One array as a line over its sample index, y in the array's unit. */
export function LinePlot({ title, array }: { title: string; array: NdArray }) {
  const n = array.data.length;
  const range = extent(array.data) ?? { min: 0, max: 1 };
  const pad = range.max === range.min ? Math.abs(range.max) * 0.1 || 1 : 0;
  const yTicks = niceTicks(range.min - pad, range.max + pad, 4);
  const yMin = Math.min(range.min - pad, yTicks[0] ?? range.min);
  const yMax = Math.max(range.max + pad, yTicks[yTicks.length - 1] ?? range.max);
  const xTicks = niceTicks(0, n - 1, 4).filter((t) => Number.isInteger(t));
  const pw = W - M.left - M.right;
  const ph = H - M.top - M.bottom;
  const yAt = (v: number) => M.top + ph - ((v - yMin) / (yMax - yMin || 1)) * ph;
  const xAt = (i: number) => M.left + (n > 1 ? (i / (n - 1)) * pw : pw / 2);
  const unit = array.unit ? ` [${array.unit}]` : '';
  return (
    <figure class="plot">
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={`${title}: line plot of ${n} samples from ${tickLabel(range.min)} to ${tickLabel(range.max)}${unit}`}>
        <text x={W / 2} y={14} text-anchor="middle" class="plot-title">
          {title}
        </text>
        <g class="plot-grid">
          {yTicks.map((t) => (
            <line key={'y' + t} x1={M.left} x2={W - M.right} y1={yAt(t)} y2={yAt(t)} />
          ))}
        </g>
        <g class="plot-axis">
          <line x1={M.left} x2={M.left} y1={M.top} y2={M.top + ph} />
          <line x1={M.left} x2={W - M.right} y1={M.top + ph} y2={M.top + ph} />
          {yTicks.map((t) => (
            <text key={'yl' + t} x={M.left - 4} y={yAt(t) + 3} text-anchor="end">
              {tickLabel(t)}
            </text>
          ))}
          {xTicks.map((t) => (
            <text key={'xl' + t} x={xAt(t)} y={M.top + ph + 12} text-anchor="middle">
              {tickLabel(t)}
            </text>
          ))}
          <text x={M.left + pw / 2} y={H - 3} text-anchor="middle">
            sample
          </text>
          <text x={10} y={M.top + ph / 2} text-anchor="middle" transform={`rotate(-90 10 ${M.top + ph / 2})`}>
            {array.name}
            {unit}
          </text>
        </g>
        <path class="plot-line" transform={`translate(${M.left} ${M.top})`} d={linePath(array.data, { width: pw, height: ph, yMin, yMax })} />
      </svg>
      <figcaption class="sr-only">
        {title}, {n} samples{unit}
      </figcaption>
    </figure>
  );
}
