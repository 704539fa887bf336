import { render } from 'preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ApiError } from '../lib/api';
import { Loader, useResource, type ResourceOptions } from './useResource';

/** A load the test settles by hand, one per call, with the signal each got. */
function loads<T>() {
  const calls: { signal: AbortSignal; resolve: (value: T) => void; reject: (error: unknown) => void }[] = [];
  const load = (signal: AbortSignal) =>
    new Promise<T>((resolve, reject) => {
      calls.push({ signal, resolve, reject });
      // As fetch does: an abort rejects the request.
      signal.addEventListener('abort', () => reject(new DOMException('The operation was aborted.', 'AbortError')));
    });
  return { calls, load };
}

function loader<T>(load: (signal: AbortSignal) => Promise<T>, options: ResourceOptions<T> = {}) {
  const seen: { data: T[]; errors: (string | null)[] } = { data: [], errors: [] };
  const l = new Loader<T>(
    () => ({ load, options }),
    (d) => seen.data.push(d),
    (e) => seen.errors.push(e),
  );
  return { l, seen };
}

beforeEach(() => vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] }));
afterEach(() => vi.useRealTimers());

describe('Loader', () => {
  it('gives the value and clears the error', async () => {
    const { calls, load } = loads<string[]>();
    const { l, seen } = loader(load);
    const done = l.reload();
    calls[0].resolve(['a']);
    await done;
    expect(seen).toEqual({ data: [['a']], errors: [null] });
  });

  it('shows why a load failed and keeps the last value', async () => {
    const { calls, load } = loads<string>();
    const { l, seen } = loader(load);
    const first = l.reload();
    calls[0].resolve('v1');
    await first;
    const second = l.reload();
    calls[1].reject(new ApiError(503, 'auth is starting'));
    await second;
    expect(seen).toEqual({ data: ['v1'], errors: [null, 'auth is starting'] });
  });

  it('aborts the load under way when a newer one starts, and drops its answer', async () => {
    const { calls, load } = loads<string>();
    const { l, seen } = loader(load);
    const first = l.reload();
    const second = l.reload();
    expect(calls[0].signal.aborted).toBe(true);
    expect(calls[1].signal.aborted).toBe(false);
    calls[1].resolve('new');
    await Promise.all([first, second]);
    expect(seen).toEqual({ data: ['new'], errors: [null] });
  });

  it('drops the answer of a superseded load that ignored its signal', async () => {
    let n = 0;
    const answers: ((v: string) => void)[] = [];
    const { l, seen } = loader(() => new Promise<string>((resolve) => answers.push(resolve)).then((v) => v + ++n));
    const first = l.reload();
    const second = l.reload();
    answers[1]('new');
    answers[0]('old');
    await Promise.all([first, second]);
    expect(seen.data).toEqual(['new1']);
  });

  it('stops: aborts the load under way, shows nothing of it, loads no more', async () => {
    const { calls, load } = loads<string>();
    const { l, seen } = loader(load);
    const done = l.reload();
    l.stop();
    expect(calls[0].signal.aborted).toBe(true);
    await done;
    await l.reload();
    expect(calls).toHaveLength(1);
    expect(seen).toEqual({ data: [], errors: [] });
  });

  it('polls while the value says so, and stops polling when it no longer does', async () => {
    const { calls, load } = loads<string>();
    const { l } = loader(load, { pollWhile: (v) => v === 'starting', pollMs: 2000 });
    l.reload();
    calls[0].resolve('starting');
    await vi.advanceTimersByTimeAsync(1999);
    expect(calls).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(calls).toHaveLength(2);
    calls[1].resolve('running');
    await vi.advanceTimersByTimeAsync(10_000);
    expect(calls).toHaveLength(2);
  });

  it('polls on after a failed load while the last value says so', async () => {
    const { calls, load } = loads<string>();
    const { l, seen } = loader(load, { pollWhile: (v) => v === 'starting', pollMs: 2000 });
    l.reload();
    calls[0].resolve('starting');
    await vi.advanceTimersByTimeAsync(2000);
    calls[1].reject(new TypeError('Failed to fetch'));
    await vi.advanceTimersByTimeAsync(2000);
    expect(calls).toHaveLength(3);
    expect(seen.errors).toEqual([null, 'the platform cannot be reached (Failed to fetch)']);
  });

  it('a reload replaces the poll that was due, and stop cancels it', async () => {
    const { calls, load } = loads<string>();
    const { l } = loader(load, { pollWhile: () => true, pollMs: 2000 });
    l.reload();
    calls[0].resolve('x');
    await vi.advanceTimersByTimeAsync(1000);
    l.reload();
    calls[1].resolve('x');
    await vi.advanceTimersByTimeAsync(1999);
    expect(calls).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(1);
    expect(calls).toHaveLength(3);
    l.stop();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(calls).toHaveLength(3);
  });
});

describe('useResource', () => {
  it('loads when the screen appears, and aborts a load under way when it goes away, showing no error', async () => {
    const { calls, load } = loads<string>();
    const shown: string[] = [];
    let reload!: () => Promise<void>;
    function Screen() {
      const r = useResource(load);
      reload = r.reload;
      shown.push(r.error ?? r.data ?? 'loading');
      return <p>{r.error ?? r.data ?? 'loading'}</p>;
    }
    const root = document.createElement('div');
    render(<Screen />, root);
    await vi.waitFor(() => expect(calls).toHaveLength(1));
    calls[0].resolve('first');
    await vi.waitFor(() => expect(root.textContent).toBe('first'));

    const reloading = reload();
    expect(calls).toHaveLength(2);
    render(null, root);
    // Preact runs the effect's cleanup a little later, not within render().
    await vi.waitFor(() => expect(calls[1].signal.aborted).toBe(true));
    await reloading;
    await vi.advanceTimersByTimeAsync(1000);
    expect(new Set(shown)).toEqual(new Set(['loading', 'first']));
    await reload();
    expect(calls).toHaveLength(2);
  });

  function Polling({ load, until }: { load: (signal: AbortSignal) => Promise<string>; until: string }) {
    const r = useResource(load, { pollWhile: (v) => v !== until, pollMs: 2000 });
    return <p>{r.data ?? 'loading'}</p>;
  }

  it('polls while asked, and no more once the screen went away', async () => {
    const { calls, load } = loads<string>();
    const root = document.createElement('div');
    render(<Polling load={load} until="running" />, root);
    await vi.waitFor(() => expect(calls).toHaveLength(1));
    calls[0].resolve('starting');
    await vi.waitFor(() => expect(root.textContent).toBe('starting'));
    await vi.advanceTimersByTimeAsync(2000);
    expect(calls).toHaveLength(2);
    calls[1].resolve('starting');
    await vi.advanceTimersByTimeAsync(0);
    render(null, root);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(calls).toHaveLength(2);
  });

  it('decides on polling with the options of the latest render', async () => {
    const { calls, load } = loads<string>();
    const root = document.createElement('div');
    render(<Polling load={load} until="running" />, root);
    await vi.waitFor(() => expect(calls).toHaveLength(1));
    render(<Polling load={load} until="starting" />, root);
    calls[0].resolve('starting');
    await vi.waitFor(() => expect(root.textContent).toBe('starting'));
    await vi.advanceTimersByTimeAsync(10_000);
    expect(calls).toHaveLength(1);
    render(null, root);
  });
});
