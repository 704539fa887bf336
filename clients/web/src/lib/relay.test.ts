import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type * as Api from './api';
import type * as Relay from './relay';

const NOW = Date.parse('2026-03-01T10:00:00Z');
const MINUTE = 60_000;

/** A websocket the test plays the relay's side of. */
class FakeSocket {
  static readonly CONNECTING = 0;
  static readonly OPEN = 1;
  static readonly CLOSING = 2;
  static readonly CLOSED = 3;
  static all: FakeSocket[] = [];

  readyState = FakeSocket.CONNECTING;
  readonly sent: Record<string, unknown>[] = [];
  closedWith: { code?: number; reason?: string } | null = null;
  onmessage: ((event: { data: unknown }) => void) | null = null;
  onclose: ((event: { code: number; reason: string }) => void) | null = null;

  constructor(
    readonly url: string,
    readonly protocols: string[],
  ) {
    FakeSocket.all.push(this);
  }

  send(data: string): void {
    if (this.readyState !== FakeSocket.OPEN) {
      throw new Error('InvalidStateError: the socket is not open');
    }
    this.sent.push(JSON.parse(data));
  }

  /** As a browser does: the close event comes later. */
  close(code?: number, reason?: string): void {
    this.closedWith = { code, reason };
    if (this.readyState === FakeSocket.CLOSED) {
      return;
    }
    this.readyState = FakeSocket.CLOSED;
    queueMicrotask(() => this.onclose?.({ code: code ?? 1005, reason: reason ?? '' }));
  }

  /** The relay accepted the connection and says welcome. */
  welcome(): void {
    this.readyState = FakeSocket.OPEN;
    this.receive({ type: 'welcome', session: 's-1' });
  }

  receive(frame: unknown): void {
    this.onmessage?.({ data: typeof frame === 'string' ? frame : JSON.stringify(frame) });
  }

  /** The relay (or the network) ended the connection. */
  end(code: number, reason = ''): void {
    this.readyState = FakeSocket.CLOSED;
    this.onclose?.({ code, reason });
  }
}

const last = () => FakeSocket.all[FakeSocket.all.length - 1];

let api: typeof Api;
let relay: typeof Relay;
let fetchAnswer: (body: Record<string, unknown>) => Response;
const refreshed = () =>
  new Response(
    JSON.stringify({
      status: 'ok',
      result: { accessToken: 'a2', refreshToken: 'r2', expiresAt: (Date.now() + 15 * MINUTE) / 1000, refreshExpiresAt: (Date.now() + 60 * MINUTE) / 1000, user: 'alice', roles: ['user'] },
    }),
    { status: 200 },
  );

beforeEach(async () => {
  vi.useFakeTimers({ now: NOW, toFake: ['setTimeout', 'clearTimeout', 'Date'] });
  vi.spyOn(Math, 'random').mockReturnValue(0.5); // no jitter: waits are exactly the back-off
  vi.spyOn(console, 'info').mockImplementation(() => undefined);
  FakeSocket.all = [];
  vi.stubGlobal('WebSocket', FakeSocket);
  fetchAnswer = () => refreshed();
  vi.stubGlobal(
    'fetch',
    vi.fn(async (_url: string, init: RequestInit) => fetchAnswer(JSON.parse(String(init.body)))),
  );
  history.replaceState(null, '', '/#/session/s-1');
  sessionStorage.clear();
  vi.resetModules();
  api = await import('./api');
  relay = await import('./relay');
  // Logged in as alice with access token a1, as a tab starts: through the browser's cookie.
  fetchAnswer = () =>
    new Response(
      JSON.stringify({
        status: 'ok',
        result: { accessToken: 'a1', expiresAt: (NOW + 15 * MINUTE) / 1000, refreshExpiresAt: (NOW + 60 * MINUTE) / 1000, user: 'alice', roles: ['user'] },
      }),
      { status: 200 },
    );
  await api.resume();
  fetchAnswer = () => refreshed();
});

afterEach(() => {
  vi.useRealTimers();
});

function client() {
  const c = new relay.RelayClient('s-1');
  const states: string[] = [];
  c.onStatus((s) => states.push(s.state));
  return { c, states };
}

describe('socketUrl', () => {
  it('is the web service’s own host on wss, with the session encoded', () => {
    expect(relay.RelayClient.socketUrl('web.example:8443', 's 1&x=2')).toBe('wss://web.example:8443/relay?session=s%201%26x%3D2');
    expect(relay.RelayClient.socketUrl('web.example', 's-1')).toBe('wss://web.example/relay?session=s-1');
    expect(relay.RelayClient.socketUrl('[::1]:8443', 's-1')).toBe('wss://[::1]:8443/relay?session=s-1');
  });

  it('refuses a host that is not a host:port', () => {
    expect(() => relay.RelayClient.socketUrl('https://web.example:8443/', 's-1')).toThrow("not a host:port: 'https://web.example:8443/'");
    expect(() => relay.RelayClient.socketUrl('', 's-1')).toThrow();
  });
});

describe('connecting', () => {
  it('offers the protocol and the access token as subprotocols', () => {
    const { c } = client();
    // The page's own origin, never the relay's address: the browser accepts one certificate.
    expect(last().url).toBe(`wss://${location.host}/relay?session=s-1`);
    expect(location.host).not.toBe('');
    expect(last().protocols).toEqual(['opentwin.v1', 'bearer.a1']);
    expect(c.current).toMatchObject({ state: 'connecting', attempts: 0, everOpen: false });
  });

  it('fails at once without a login', async () => {
    vi.resetModules();
    relay = await import('./relay');
    const { c } = client();
    expect(c.current).toMatchObject({ state: 'failed', detail: 'not logged in' });
    expect(FakeSocket.all).toHaveLength(0);
  });

  it('sends what was asked before the welcome once it comes, numbered in order', () => {
    const { c, states } = client();
    c.request('model', { action: 'Model.Info' });
    c.request('echo', { text: 'hi' });
    expect(last().sent).toEqual([]);
    last().welcome();
    expect(states).toEqual(['open']);
    expect(last().sent).toEqual([
      { id: 1, service: 'model', message: { action: 'Model.Info' } },
      { id: 2, service: 'echo', message: { text: 'hi' } },
    ]);
  });
});

describe('requests', () => {
  it('settle by id, in whatever order the replies come', async () => {
    const { c } = client();
    last().welcome();
    const first = c.request('model', { action: 'A' });
    const second = c.request('model', { action: 'B' });
    last().receive({ type: 'reply', id: 2, status: 'ok', result: 'b' });
    last().receive({ type: 'reply', id: 1, status: 'ok', result: 'a' });
    await expect(Promise.all([first, second])).resolves.toEqual(['a', 'b']);
  });

  it('reject with the service’s status and reason', async () => {
    const { c } = client();
    last().welcome();
    const refused = c.request('model', { action: 'Model.Save' });
    const bad = c.request('model', { action: 'X' });
    last().receive({ type: 'reply', id: 1, status: 'error', httpStatus: 409, reason: 'the model moved on' });
    last().receive({ type: 'error', id: 2, reason: 'unknown service' });
    await expect(refused).rejects.toMatchObject({ name: 'RelayError', status: 409, reason: 'the model moved on' });
    await expect(bad).rejects.toMatchObject({ status: 400, reason: 'unknown service' });
  });

  it('ignore frames that are not JSON, binary, or for no pending request', async () => {
    const { c } = client();
    last().welcome();
    const pending = c.request('model', { action: 'A' });
    last().receive('{oops');
    last().onmessage?.({ data: new ArrayBuffer(4) });
    last().receive({ type: 'reply', id: 99, status: 'ok', result: 'stray' });
    last().receive({ type: 'error', reason: 'about nothing' });
    last().receive({ type: 'reply', id: 1, status: 'ok', result: 'mine' });
    await expect(pending).resolves.toBe('mine');
    expect(c.current.state).toBe('open');
  });

  it('time out with 504, and a late reply changes nothing', async () => {
    const { c } = client();
    last().welcome();
    const slow = c.request('solver', { action: 'Run' }, { timeoutMs: 3000 }).catch((e) => e);
    await vi.advanceTimersByTimeAsync(3000);
    expect(await slow).toMatchObject({ status: 504, reason: 'no reply from solver within 3 s' });
    last().receive({ type: 'reply', id: 1, status: 'ok', result: 'late' });
  });

  it('hand pushes to the listeners', () => {
    const { c } = client();
    last().welcome();
    const pushes: Relay.Push[] = [];
    c.onPush((p) => pushes.push(p));
    last().receive({ type: 'push', service: 'model', message: { type: 'model.changed', version: 4 } });
    last().receive({ type: 'push', service: 'logs' });
    expect(pushes).toEqual([
      { service: 'model', message: { type: 'model.changed', version: 4 } },
      { service: 'logs', message: {} },
    ]);
  });
});

describe('after a drop', () => {
  it('reconnects after the back-off, sends unanswered requests again and tells the view to re-read', async () => {
    const { c } = client();
    const resumed = vi.fn();
    c.onResume(resumed);
    last().welcome();
    expect(resumed).not.toHaveBeenCalled();
    const info = c.request('model', { action: 'Model.Info' });
    const undo = c.request('model', { action: 'Model.Undo' }, { retry: false }).catch((e) => e);
    last().end(1006);
    expect(c.current).toMatchObject({ state: 'reconnecting', attempts: 1, detail: 'connection lost (1006)', retryAt: NOW + 500 });
    // Undo may or may not have happened: it fails rather than running twice.
    expect(await undo).toMatchObject({ status: 0, reason: expect.stringContaining('may or may not have happened') });
    await vi.advanceTimersByTimeAsync(499);
    expect(FakeSocket.all).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(FakeSocket.all).toHaveLength(2);
    expect(c.current.state).toBe('reconnecting');
    last().welcome();
    expect(c.current).toMatchObject({ state: 'open', attempts: 0, everOpen: true });
    expect(last().sent).toEqual([{ id: 1, service: 'model', message: { action: 'Model.Info' } }]);
    expect(resumed).toHaveBeenCalledTimes(1);
    last().receive({ type: 'reply', id: 1, status: 'ok', result: { version: 3 } });
    await expect(info).resolves.toEqual({ version: 3 });
  });

  it('waits twice as long after each failed attempt, up to 15 s', async () => {
    const { c } = client();
    last().welcome();
    const waits: number[] = [];
    for (let i = 0; i < 7; i++) {
      last().end(1006);
      waits.push(c.current.retryAt! - Date.now());
      await vi.advanceTimersByTimeAsync(c.current.retryAt! - Date.now());
    }
    expect(waits).toEqual([500, 1000, 2000, 4000, 8000, 15000, 15000]);
  });

  it('spreads the waits by a quarter either way', async () => {
    vi.mocked(Math.random).mockReturnValue(0);
    const { c } = client();
    last().end(1006);
    expect(c.current.retryAt! - Date.now()).toBe(375);
    vi.mocked(Math.random).mockReturnValue(0.999999);
    await vi.advanceTimersByTimeAsync(375);
    last().end(1006);
    expect(c.current.retryAt! - Date.now()).toBe(1250);
  });

  it('waits at least 5 s while the session is not running (4409)', () => {
    const { c } = client();
    last().end(4409, 'session not running');
    expect(c.current).toMatchObject({ state: 'reconnecting', detail: 'session not running (4409)', retryAt: NOW + 5000 });
  });

  it('tries at once on retryNow', () => {
    const { c } = client();
    last().end(1006);
    c.retryNow();
    expect(FakeSocket.all).toHaveLength(2);
  });

  it('a drop asked for by the client is one too', async () => {
    const { c } = client();
    last().welcome();
    c.drop();
    expect(last().closedWith).toEqual({ code: 4000, reason: 'dropped by the client' });
    await vi.waitFor(() => expect(c.current.state).toBe('reconnecting'));
    expect(c.current.detail).toBe('dropped by the client (4000)');
  });
});

describe('tokens', () => {
  it('refreshes a refused token (4401) and reconnects at once with the new one', async () => {
    const { c } = client();
    last().welcome();
    last().end(4401, 'token expired');
    await vi.waitFor(() => expect(FakeSocket.all).toHaveLength(2));
    expect(last().protocols).toEqual(['opentwin.v1', 'bearer.a2']);
    expect(api.currentLogin()?.accessToken).toBe('a2');
    // The new token went into the new connection's subprotocol, not to the closed socket.
    expect(FakeSocket.all[0].sent).toEqual([]);
    expect(c.current.state).toBe('reconnecting');
  });

  it('fails and ends the login when the refresh is refused', async () => {
    fetchAnswer = () => new Response(JSON.stringify({ status: 'error', reason: 'revoked' }), { status: 401 });
    const { c } = client();
    last().end(4401, 'token expired');
    await vi.waitFor(() => expect(c.current.state).toBe('failed'));
    expect(c.current.detail).toBe('your login expired');
    expect(api.currentLogin()).toBeNull();
    expect(location.hash).toBe('#/login?expired=1&next=' + encodeURIComponent('/session/s-1'));
    await vi.advanceTimersByTimeAsync(60_000);
    expect(FakeSocket.all).toHaveLength(1);
  });

  it('retries later when AUTH cannot be reached for the refresh', async () => {
    fetchAnswer = () => {
      throw new TypeError('Failed to fetch');
    };
    const { c } = client();
    last().end(4401, 'token expired');
    await vi.waitFor(() => expect(c.current.state).toBe('reconnecting'));
    expect(c.current.attempts).toBe(1);
    expect(api.currentLogin()?.accessToken).toBe('a1');
  });

  it('hands a refreshed token to the open connection without reconnecting', async () => {
    client();
    last().welcome();
    await api.refresh();
    expect(last().sent).toEqual([{ type: 'token', token: 'a2' }]);
    expect(FakeSocket.all).toHaveLength(1);
  });
});

describe('ending', () => {
  it('fails for good on a foreign or unknown session, with the reason', async () => {
    for (const [code, status] of [
      [4403, 403],
      [4404, 404],
    ]) {
      FakeSocket.all = [];
      const { c } = client();
      last().welcome();
      const pending = c.request('model', { action: 'Model.Info' }).catch((e) => e);
      last().end(code, 'not yours');
      expect(await pending).toMatchObject({ status, reason: 'not yours' });
      expect(c.current).toMatchObject({ state: 'failed', detail: `not yours (${code})` });
      await vi.advanceTimersByTimeAsync(60_000);
      expect(FakeSocket.all).toHaveLength(1);
    }
  });

  it('close() rejects what is pending, closes the socket and stays closed', async () => {
    const { c, states } = client();
    last().welcome();
    const pending = c.request('model', { action: 'Model.Info' }).catch((e) => e);
    c.close();
    expect(await pending).toMatchObject({ status: 0, reason: 'the connection to the session was closed' });
    expect(FakeSocket.all[0].closedWith).toEqual({ code: 1000, reason: 'closed by the user' });
    expect(states[states.length - 1]).toBe('closed');
    await expect(c.request('model', { action: 'Model.Info' })).rejects.toMatchObject({ reason: 'the connection to the session is closed' });
    await api.refresh();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(FakeSocket.all).toHaveLength(1);
    expect(c.current.state).toBe('closed');
  });
});
