import { useEffect, useRef, useState } from 'preact/hooks';
import { describe } from '../lib/api';

/** What a screen loads from the platform: the last value, why the last load failed, and a way to load again. */
export interface Resource<T> {
  /** the last value loaded; null until a load succeeded */
  data: T | null;
  /** why the last load failed, to show; null once a load succeeded */
  error: string | null;
  /** Loads again now, superseding a load under way; resolves when this load ended (never rejects). */
  reload: () => Promise<void>;
}

export interface ResourceOptions<T> {
  /** While this holds for the last value loaded, it is loaded again `pollMs` (default 2 s) after each load. */
  pollWhile?: (data: T) => boolean;
  pollMs?: number;
}

type LoadFunction<T> = (signal: AbortSignal) => Promise<T>;

/**
 * Loads what a list screen shows when it appears, again on `reload()`, and again every `pollMs`
 * while `pollWhile` says the value is about to change. Each load gets its own AbortSignal (to
 * pass down to `call`): a newer load aborts the one under way, and the screen going away aborts
 * whatever is under way and stops the polling. An aborted load changes nothing and is never
 * shown as an error; a failed one keeps the last value and sets `error`.
 */
export function useResource<T>(load: LoadFunction<T>, options: ResourceOptions<T> = {}): Resource<T> {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<string | null>(null);
  // The screen passes new closures at every render: the loader always calls the latest ones.
  const latest = useRef({ load, options });
  latest.current = { load, options };
  const [loader] = useState(() => new Loader<T>(() => latest.current, setData, setError));
  useEffect(() => {
    loader.reload();
    return () => loader.stop();
  }, []);
  return { data, error, reload: loader.reload };
}

/** The machinery of `useResource`, apart from Preact: one load at a time, aborts, polling. */
export class Loader<T> {
  private stopped = false;
  private abort: AbortController | undefined;
  private timer: number | undefined;
  private last: T | null = null;

  constructor(
    private readonly current: () => { load: LoadFunction<T>; options: ResourceOptions<T> },
    private readonly onData: (data: T) => void,
    private readonly onError: (error: string | null) => void,
  ) {}

  /** Loads now, aborting the load under way and the next poll. Does nothing once stopped. */
  readonly reload = async (): Promise<void> => {
    if (this.stopped) {
      return;
    }
    window.clearTimeout(this.timer);
    this.abort?.abort();
    const abort = new AbortController();
    this.abort = abort;
    try {
      const value = await this.current().load(abort.signal);
      if (abort.signal.aborted) {
        return;
      }
      this.last = value;
      this.onData(value);
      this.onError(null);
    } catch (e) {
      if (abort.signal.aborted) {
        return;
      }
      this.onError(describe(e));
    }
    // A failed load polls on too, as long as the last value says it is about to change.
    const { pollWhile, pollMs = 2000 } = this.current().options;
    if (this.last !== null && pollWhile?.(this.last)) {
      this.timer = window.setTimeout(this.reload, pollMs);
    }
  };

  /** The screen went away: abort the load under way, poll no more, load no more. */
  stop(): void {
    this.stopped = true;
    window.clearTimeout(this.timer);
    this.abort?.abort();
  }
}
