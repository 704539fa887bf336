/**
 * Binary results (typed arrays in an entity's payload, the format of platform/arrays) as the
 * result plot needs them: a thin adapter over the "binary" part's lib/download.ts (fetch with
 * progress from the same origin) and lib/arrays.ts (decoding).
 *
 * Why the import goes through `import.meta.glob`: the two files are written on another branch
 * at the same time as this one; the glob takes them when they are there and compiles (and
 * answers "not available in this build") when they are not. Once both are on main this can
 * become a plain `import { downloadArrays } from './download'`.
 */
import { currentLogin } from './api';

/** One decoded array (lib/arrays.ts's NdArray, the fields the plot reads). */
export interface NdArray {
  name: string;
  dtype: string;
  shape: number[];
  unit?: string | null;
  data: ArrayLike<number | bigint>;
}

export interface DownloadProgress {
  loaded: number;
  total?: number;
  remainingMs?: number;
}

type DownloadArrays = (url: string, token: string, onProgress: (p: DownloadProgress) => void, signal?: AbortSignal) => Promise<NdArray[]>;

declare global {
  interface ImportMeta {
    glob<T>(pattern: string, options: { eager: true }): Record<string, T>;
  }
}

const download = Object.values(import.meta.glob<{ downloadArrays?: DownloadArrays }>('./download.ts', { eager: true }))[0]?.downloadArrays;

/** Whether this build can fetch binary results. */
export const canDownloadArrays = typeof download === 'function';

/** The same-origin address of an entity's payload (the web service passes /data/ on to the relay and the Model). */
export function resultUrl(session: string, entity: string, version?: number): string {
  const path = `/data/${encodeURIComponent(session)}/${encodeURIComponent(entity)}`;
  return version != null ? `${path}?version=${version}` : path;
}

/** Fetches and decodes an entity's arrays, with progress; rejects when this build cannot. */
export function fetchArrays(url: string, onProgress: (p: DownloadProgress) => void, signal?: AbortSignal): Promise<NdArray[]> {
  const token = currentLogin()?.accessToken;
  if (!download) {
    return Promise.reject(new Error('this build of the web client cannot read binary results'));
  }
  if (!token) {
    return Promise.reject(new Error('not logged in'));
  }
  return download(url, token, onProgress, signal);
}

/** The arrays a line plot can draw: one-dimensional (or n x 1), with at least two samples. */
export function plottable(arrays: NdArray[]): NdArray[] {
  return arrays.filter((a) => {
    const dims = a.shape.filter((d) => d !== 1);
    return dims.length <= 1 && a.data.length >= 2;
  });
}

/** Whether an entity's payload may be arrays worth fetching: a result with data. */
export function mayHaveArrays(entity: { type: string; dataSize?: number | null }): boolean {
  return entity.type === 'result' && (entity.dataSize ?? 0) > 0;
}
