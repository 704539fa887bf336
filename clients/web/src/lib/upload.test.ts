import { describe, expect, it } from 'vitest';
import { base64, stageFile } from './upload';

const file = (bytes: Uint8Array<ArrayBuffer>, name = 'samples.csv') => Object.assign(new Blob([bytes]), { name });

describe('stageFile', () => {
  it('sends the file in parts, naming the upload from the second part on, with progress', async () => {
    const bytes = new Uint8Array(10).map((_, i) => i);
    const sent: Record<string, unknown>[] = [];
    const progress: number[] = [];
    const value = await stageFile(
      file(bytes),
      async (m) => {
        sent.push(m);
        return { upload: 'u1' };
      },
      (n, total) => progress.push(n / total),
      undefined,
      4,
    );
    expect(value).toEqual({ upload: 'u1', name: 'samples.csv', size: 10 });
    expect(sent.map((m) => m.upload)).toEqual([undefined, 'u1', 'u1']);
    expect(sent.map((m) => atob(m.data as string).length)).toEqual([4, 4, 2]);
    expect(sent.every((m) => m.action === 'Model.StageData')).toBe(true);
    expect(progress).toEqual([0.4, 0.8, 1]);
  });

  it('sends an empty file as one empty part', async () => {
    const sent: Record<string, unknown>[] = [];
    const value = await stageFile(file(new Uint8Array(0), 'e.csv'), async (m) => (sent.push(m), { upload: 'u2' }), () => undefined);
    expect(sent).toHaveLength(1);
    expect(value).toEqual({ upload: 'u2', name: 'e.csv', size: 0 });
  });

  it('fails on a reply without an upload id, and stops when aborted', async () => {
    await expect(stageFile(file(new Uint8Array(3)), async () => ({}) as { upload: string }, () => undefined)).rejects.toThrow('no upload id');
    const abort = new AbortController();
    abort.abort();
    await expect(stageFile(file(new Uint8Array(3)), async () => ({ upload: 'u' }), () => undefined, abort.signal)).rejects.toThrow();
  });

  it('encodes base64 as the standard alphabet does, also past one chunk', () => {
    expect(base64(new TextEncoder().encode('hello'))).toBe('aGVsbG8=');
    const big = new Uint8Array(70_000).map((_, i) => i % 251);
    expect(Uint8Array.from(atob(base64(big)), (c) => c.charCodeAt(0))).toEqual(big);
  });
});
