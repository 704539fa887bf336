/**
 * Binary results (typed arrays in an entity's payload, the format of platform/arrays) as the
 * result plot needs them: a thin adapter over lib/download.ts (fetch with progress from the same
 * origin, /data/<session>/<entity>) and lib/arrays.ts (decoding).
 */
import { currentLogin } from './api';
import type { NdArray } from './arrays';
import { dataUrl, downloadArrays } from './download';

export type { NdArray } from './arrays';

export interface DownloadProgress {
  loaded: number;
  total?: number;
  remainingMs?: number;
}

/** Whether this build can fetch binary results. */
export const canDownloadArrays = true;

/** The same-origin address of an entity's payload (the web service passes /data/ on to the relay and the Model). */
export const resultUrl = dataUrl;

/** Fetches and decodes an entity's arrays at a version, with progress. */
export function fetchArrays(
  session: string,
  entity: string,
  version: number | undefined,
  onProgress: (p: DownloadProgress) => void,
  signal?: AbortSignal,
): Promise<NdArray[]> {
  const token = () => currentLogin()?.accessToken ?? '';
  if (!token()) {
    return Promise.reject(new Error('not logged in'));
  }
  return downloadArrays(session, entity, {
    token,
    signal,
    version,
    onProgress: (p) =>
      onProgress({
        loaded: p.bytes,
        total: p.total ?? undefined,
        remainingMs: p.secondsLeft == null ? undefined : p.secondsLeft * 1000,
      }),
  });
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
