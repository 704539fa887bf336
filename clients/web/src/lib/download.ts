// The data path to the browser: a result's payload fetched as raw bytes from the web service's
// /data/<session>/<entity> (passed on by the relay from the Model), read as a stream with
// progress, cancellable, resumed with a Range request when the connection breaks mid-way, and
// decoded with arrays.ts. Never base64, never JSON arrays.

import { readArrays, type NdArray } from './arrays';

export interface Progress {
  /** Bytes received so far. */
  bytes: number;
  /** All the bytes, when the server said (Content-Length), else null. */
  total: number | null;
  /** bytes / total, when total is known. */
  fraction: number | null;
  /** Estimated seconds until done, from the rate so far; null until it can be told. */
  secondsLeft: number | null;
}

export interface DownloadOptions {
  /** The access token, or how to get the current one (it may be renewed between attempts). */
  token: string | (() => string);
  /** Aborts the download: the promise rejects with the signal's reason (an AbortError). */
  signal?: AbortSignal;
  onProgress?: (progress: Progress) => void;
  /** A model version; the current one when absent. */
  version?: number;
  /** How often a broken transfer is resumed from where it stopped (default 2). */
  resumes?: number;
  /** For tests: the fetch and the clock to use. */
  fetch?: typeof fetch;
  now?: () => number;
}

/** A refusal of the data path: the HTTP status and the server's reason. */
export class DownloadError extends Error {
  constructor(
    readonly status: number,
    readonly reason: string,
  ) {
    super(`download failed (${status}): ${reason}`);
    this.name = 'DownloadError';
  }
}

/** The same-origin URL of an entity's payload. */
export function dataUrl(session: string, entity: string, version?: number): string {
  const query = version === undefined ? '' : `?version=${version}`;
  return `/data/${encodeURIComponent(session)}/${encodeURIComponent(entity)}${query}`;
}

/** The estimate of the time left: bytes still to come at the rate so far. */
export function progressOf(bytes: number, total: number | null, elapsedMs: number): Progress {
  const fraction = total === null ? null : total === 0 ? 1 : bytes / total;
  const secondsLeft =
    total === null || bytes === 0 || elapsedMs <= 0 ? null : ((total - bytes) * elapsedMs) / bytes / 1000;
  return { bytes, total, fraction, secondsLeft };
}

/**
 * An entity's payload, whole. Reads into one buffer allocated from Content-Length (so the
 * arrays decoded from it are views, not copies); a connection that breaks mid-way is resumed
 * with `Range: bytes=<received>-` and `If-Range: <etag>`, so the bytes already here are kept and
 * a payload that changed in between is fetched again whole.
 */
export async function download(session: string, entity: string, options: DownloadOptions): Promise<Uint8Array> {
  const doFetch = options.fetch ?? fetch;
  const now = options.now ?? (() => performance.now());
  const token = () => (typeof options.token === 'function' ? options.token() : options.token);
  const url = dataUrl(session, entity, options.version);
  const started = now();
  let buffer: Uint8Array | null = null;
  let chunks: Uint8Array[] = [];
  let received = 0;
  let total: number | null = null;
  let etag: string | null = null;
  let resumesLeft = options.resumes ?? 2;
  for (;;) {
    const headers: Record<string, string> = { Authorization: `Bearer ${token()}` };
    const resuming = received > 0 && etag !== null && total !== null;
    if (resuming) {
      headers.Range = `bytes=${received}-`;
      headers['If-Range'] = etag as string;
    }
    const response = await doFetch(url, { headers, signal: options.signal, cache: 'no-store' });
    if (!response.ok) throw new DownloadError(response.status, await reasonOf(response));
    if (response.status !== 206) {
      // A whole answer (first attempt, or the payload changed since): start over.
      received = 0;
      chunks = [];
      const length = response.headers.get('Content-Length');
      total = length === null ? null : Number(length);
      buffer = total === null ? null : new Uint8Array(total);
      etag = response.headers.get('ETag');
    }
    options.onProgress?.(progressOf(received, total, now() - started));
    if (!response.body) throw new DownloadError(response.status, 'the answer has no body');
    const reader = response.body.getReader();
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        if (buffer) {
          if (received + value.length > buffer.length) throw new DownloadError(502, 'the server sent more bytes than it announced');
          buffer.set(value, received);
        } else {
          chunks.push(value);
        }
        received += value.length;
        options.onProgress?.(progressOf(received, total, now() - started));
      }
    } catch (e) {
      if (options.signal?.aborted || e instanceof DownloadError || resumesLeft === 0 || !buffer || etag === null) throw e;
      resumesLeft--;
      continue;
    }
    if (total !== null && received < total) {
      if (resumesLeft === 0 || etag === null) throw new DownloadError(502, `the transfer ended after ${received} of ${total} bytes`);
      resumesLeft--;
      continue;
    }
    if (buffer) return buffer;
    const all = new Uint8Array(received);
    let offset = 0;
    for (const chunk of chunks) {
      all.set(chunk, offset);
      offset += chunk.length;
    }
    return all;
  }
}

/** An entity's payload decoded as OTA1 arrays (docs/arrays.md). */
export async function downloadArrays(session: string, entity: string, options: DownloadOptions): Promise<NdArray[]> {
  return readArrays(await download(session, entity, options));
}

async function reasonOf(response: Response): Promise<string> {
  try {
    const body = (await response.json()) as { reason?: unknown };
    if (typeof body.reason === 'string') return body.reason;
  } catch {
    // Not JSON: the status says it.
  }
  return response.statusText || `HTTP ${response.status}`;
}
