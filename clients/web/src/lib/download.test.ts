import { describe, expect, it } from 'vitest';
import { writeArrays } from './arrays';
import { dataUrl, download, downloadArrays, DownloadError, progressOf, type Progress } from './download';

type Call = { url: string; headers: Record<string, string> };

/** A body that sends `parts`, then fails when `failAfter` parts are out (a broken connection). */
function body(parts: Uint8Array[], failAfter?: number): ReadableStream<Uint8Array> {
  let sent = 0;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (failAfter !== undefined && sent === failAfter) {
        controller.error(new TypeError('network error'));
      } else if (sent < parts.length) {
        controller.enqueue(parts[sent++]);
      } else {
        controller.close();
      }
    },
  });
}

function fakeFetch(answers: ((call: Call) => Response)[], calls: Call[]): typeof fetch {
  return (async (input: RequestInfo | URL, init?: RequestInit) => {
    const call = { url: String(input), headers: { ...(init?.headers as Record<string, string>) } };
    calls.push(call);
    const answer = answers.shift();
    if (!answer) throw new Error('unexpected request');
    const signal = init?.signal;
    if (signal?.aborted) throw signal.reason;
    return answer(call);
  }) as typeof fetch;
}

const payload = writeArrays([
  { name: 'vertices', dtype: 'f32', shape: [2, 3], unit: 'mm', data: new Float32Array([0, 1, 2, 3, 4, 5]) },
  { name: 'indices', dtype: 'u32', shape: [3], unit: null, data: new Uint32Array([0, 1, 1]) },
]);
const thirds = [payload.subarray(0, 40), payload.subarray(40, 100), payload.subarray(100)];

describe('dataUrl', () => {
  it('is the same-origin data path', () => {
    expect(dataUrl('s-1', 'result_7')).toBe('/data/s-1/result_7');
    expect(dataUrl('s 1', 'r/7', 3)).toBe('/data/s%201/r%2F7?version=3');
  });
});

describe('progressOf', () => {
  it('tells fraction and time left from the rate so far', () => {
    expect(progressOf(25, 100, 1000)).toEqual({ bytes: 25, total: 100, fraction: 0.25, secondsLeft: 3 });
    expect(progressOf(0, 100, 0)).toEqual({ bytes: 0, total: 100, fraction: 0, secondsLeft: null });
    expect(progressOf(10, null, 500)).toEqual({ bytes: 10, total: null, fraction: null, secondsLeft: null });
    expect(progressOf(0, 0, 5)).toEqual({ bytes: 0, total: 0, fraction: 1, secondsLeft: null });
  });
});

describe('download', () => {
  it('reads the stream with progress and decodes the arrays as views of one buffer', async () => {
    const calls: Call[] = [];
    const progress: Progress[] = [];
    let clock = 0;
    const arrays = await downloadArrays('s-1', 'mesh', {
      token: () => 'tok-1',
      version: 4,
      onProgress: (p) => progress.push(p),
      now: () => (clock += 100),
      fetch: fakeFetch(
        [() => new Response(body(thirds), { status: 200, headers: { 'Content-Length': String(payload.length), ETag: '"e1"' } })],
        calls,
      ),
    });
    expect(calls).toEqual([{ url: '/data/s-1/mesh?version=4', headers: { Authorization: 'Bearer tok-1' } }]);
    expect(arrays.map((a) => a.name)).toEqual(['vertices', 'indices']);
    expect(Array.from(arrays[0].data as Float32Array)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(arrays[0].data.buffer).toBe(arrays[1].data.buffer);
    expect(progress.map((p) => p.bytes)).toEqual([0, 40, 100, payload.length]);
    expect(progress.at(-1)).toMatchObject({ fraction: 1, secondsLeft: 0 });
    expect(progress[1].fraction).toBeCloseTo(40 / payload.length);
    expect(progress[1].secondsLeft).toBeGreaterThan(0);
  });

  it('reads an answer without Content-Length too', async () => {
    const bytes = await download('s-1', 'mesh', {
      token: 't',
      fetch: fakeFetch([() => new Response(body(thirds), { status: 200 })], []),
    });
    expect(bytes).toEqual(payload);
  });

  it('gives the server reason of a refusal', async () => {
    const refused = download('s-1', 'mesh', {
      token: 't',
      fetch: fakeFetch(
        [() => new Response(JSON.stringify({ status: 'error', reason: 'you have no access to this project' }), { status: 403 })],
        [],
      ),
    });
    await expect(refused).rejects.toEqual(new DownloadError(403, 'you have no access to this project'));
  });

  it('resumes a broken transfer with a Range guarded by the ETag', async () => {
    const calls: Call[] = [];
    const bytes = await download('s-1', 'mesh', {
      token: 't',
      fetch: fakeFetch(
        [
          () => new Response(body(thirds, 2), { status: 200, headers: { 'Content-Length': String(payload.length), ETag: '"e1"' } }),
          () => new Response(body([thirds[2]]), { status: 206, headers: { 'Content-Range': `bytes 100-${payload.length - 1}/${payload.length}` } }),
        ],
        calls,
      ),
    });
    expect(bytes).toEqual(payload);
    expect(calls[1].headers).toEqual({ Authorization: 'Bearer t', Range: 'bytes=100-', 'If-Range': '"e1"' });
  });

  it('starts over when the payload changed before the resume', async () => {
    const changed = payload.slice();
    changed[payload.length - 1] ^= 1;
    const bytes = await download('s-1', 'mesh', {
      token: 't',
      fetch: fakeFetch(
        [
          () => new Response(body(thirds, 1), { status: 200, headers: { 'Content-Length': String(payload.length), ETag: '"e1"' } }),
          () => new Response(body([changed]), { status: 200, headers: { 'Content-Length': String(changed.length), ETag: '"e2"' } }),
        ],
        [],
      ),
    });
    expect(bytes).toEqual(changed);
  });

  it('gives up after the resumes allowed', async () => {
    const broken = () => new Response(body(thirds, 1), { status: 200, headers: { 'Content-Length': String(payload.length), ETag: '"e1"' } });
    await expect(download('s-1', 'mesh', { token: 't', resumes: 0, fetch: fakeFetch([broken], []) })).rejects.toThrow('network error');
  });

  it('stops when cancelled', async () => {
    const controller = new AbortController();
    const never = new ReadableStream<Uint8Array>({
      start(stream) {
        stream.enqueue(thirds[0]);
        controller.signal.addEventListener('abort', () => stream.error(controller.signal.reason));
      },
    });
    const progress: Progress[] = [];
    const pending = download('s-1', 'mesh', {
      token: 't',
      signal: controller.signal,
      onProgress: (p) => {
        progress.push(p);
        if (p.bytes > 0) controller.abort();
      },
      fetch: fakeFetch([() => new Response(never, { status: 200, headers: { 'Content-Length': String(payload.length), ETag: '"e"' } })], []),
    });
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
    expect(progress.at(-1)?.bytes).toBe(40);
  });
});
