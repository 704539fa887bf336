import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type * as Api from './api';

const NOW = Date.parse('2026-03-01T10:00:00Z');
const MINUTE = 60_000;

interface Sent {
  url: string;
  body: Record<string, unknown>;
  authorization: string | undefined;
  signal: AbortSignal | undefined;
  /** The browser's refresh cookie when the request left (the gateway reads it). */
  cookie: string | null;
}

type Answer = Response | Promise<Response>;

/**
 * The browser's cookie jar for the gateway's refresh cookie, shared by every tab, as the
 * gateway sets it: a Login or Token.Refresh answer's refresh token goes into it (and out of the
 * body), a Token.Refresh without a token uses it, a Logout clears it.
 */
const jar = { cookie: null as string | null };

/** The platform as fetch sees it: every request is recorded and answered by `answer`, through the gateway's cookie handling. */
function platform(answer: (sent: Sent) => Answer) {
  const sent: Sent[] = [];
  const fetch = vi.fn(async (url: string, init: RequestInit) => {
    const headers = init.headers as Record<string, string>;
    const request: Sent = { url, body: JSON.parse(String(init.body)), authorization: headers.Authorization, signal: init.signal ?? undefined, cookie: jar.cookie };
    sent.push(request);
    const response = await answer(request);
    const action = request.body.action;
    if (action === 'Logout') {
      jar.cookie = null;
    }
    if ((action === 'Login' || action === 'Token.Refresh') && response.status === 200) {
      const reply = await response.json();
      jar.cookie = reply.result.refreshToken;
      delete reply.result.refreshToken;
      return json(200, reply);
    }
    return response;
  });
  vi.stubGlobal('fetch', fetch);
  return sent;
}

const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json', ...headers } });
const ok = (result: unknown) => json(200, { status: 'ok', result });
const refusal = (status: number, reason: string, headers: Record<string, string> = {}, fields: Record<string, unknown> = {}) =>
  json(status, { status: 'error', reason, ...fields }, headers);

const tokens = (access: string, refresh: string, expiresInMs = 15 * MINUTE) => ({
  accessToken: access,
  refreshToken: refresh,
  // As AUTH's Jackson writes an Instant: decimal epoch seconds.
  expiresAt: (Date.now() + expiresInMs) / 1000,
  refreshExpiresAt: new Date(Date.now() + 24 * 60 * MINUTE).toISOString(),
  user: 'alice',
  roles: ['user'],
});

/** AUTH behind the gateway: a refresh with the cookie's live token rotates it; a used one is refused. */
function rotatingAuth(live: { token: string | null }, n = { value: 1 }) {
  return (body: Record<string, unknown>) => {
    if (body.refreshToken !== undefined) {
      throw new Error('the page must never send a refresh token');
    }
    if (jar.cookie === null || jar.cookie !== live.token) {
      live.token = null; // a reused token revokes the whole login
      return jar.cookie === null ? refusal(401, 'no login in this browser: log in', {}, { noLogin: true }) : refusal(401, 'refresh token already used: log in again');
    }
    n.value += 1;
    live.token = 'r' + n.value;
    return ok(tokens('a' + n.value, 'r' + n.value));
  };
}

/**
 * A fresh api module, as a new tab loads it; logged in as alice (access token a1, the browser's
 * cookie r1) when `login` is given, through the cookie as the page's start does.
 */
async function api(login?: Partial<Api.Login>): Promise<typeof Api> {
  vi.resetModules();
  const module = await import('./api');
  if (login) {
    const saved = globalThis.fetch;
    jar.cookie = 'r1';
    vi.stubGlobal(
      'fetch',
      vi.fn(async () =>
        ok({ ...tokens('a1', 'ignored'), expiresAt: (login.expiresAt ?? NOW + 15 * MINUTE) / 1000, roles: login.roles ?? ['user'], refreshToken: undefined }),
      ),
    );
    await module.resume();
    vi.stubGlobal('fetch', saved);
  }
  return module;
}

/** Web Locks as a browser shares them between its tabs: one holder at a time per name, in request order. */
function webLocks() {
  const queues = new Map<string, Promise<unknown>>();
  const held: string[] = [];
  const locks = {
    request: (name: string, work: () => Promise<unknown>) => {
      const before = queues.get(name) ?? Promise.resolve();
      const run = before.then(async () => {
        held.push(name);
        try {
          return await work();
        } finally {
          held.pop();
        }
      });
      queues.set(
        name,
        run.catch(() => undefined),
      );
      return run;
    },
  };
  vi.stubGlobal('navigator', { ...navigator, locks });
  return held;
}

/** A BroadcastChannel that delivers between the tabs (module instances) of one test, like the browser's. */
class FakeChannel {
  static open: FakeChannel[] = [];
  onmessage: ((event: MessageEvent) => void) | null = null;
  constructor(readonly name: string) {
    FakeChannel.open.push(this);
  }
  postMessage(data: unknown) {
    FakeChannel.open.filter((c) => c !== this && c.name === this.name).forEach((c) => c.onmessage?.({ data } as MessageEvent));
  }
}

beforeEach(() => {
  vi.useFakeTimers({ now: NOW, toFake: ['setTimeout', 'clearTimeout', 'Date'] });
  sessionStorage.clear();
  jar.cookie = null;
  FakeChannel.open = [];
  vi.stubGlobal('BroadcastChannel', FakeChannel);
  history.replaceState(null, '', '/#/projects');
});

afterEach(() => {
  vi.useRealTimers();
});

describe('the browser’s login', () => {
  it('is taken up by a new tab through the gateway’s cookie, without a login screen', async () => {
    jar.cookie = 'r1';
    const sent = platform(({ body }) => rotatingAuth({ token: 'r1' })(body));
    const { currentLogin, isAdmin, resume } = await api();
    expect(currentLogin()).toBeNull();
    await expect(resume()).resolves.toBe(true);
    expect(sent.map((s) => [s.body, s.cookie])).toEqual([[{ action: 'Token.Refresh' }, 'r1']]);
    expect(currentLogin()).toMatchObject({ user: 'alice', accessToken: 'a2' });
    expect(currentLogin()).not.toHaveProperty('refreshToken');
    expect(isAdmin()).toBe(false);
    expect(jar.cookie).toBe('r2');
  });

  it('is not there in a browser without the cookie: the tab stays logged out and where it is', async () => {
    history.replaceState(null, '', '/#/login');
    platform(({ body }) => rotatingAuth({ token: null })(body));
    const { currentLogin, resume } = await api();
    await expect(resume()).resolves.toBe(false);
    expect(currentLogin()).toBeNull();
    expect(location.hash).toBe('#/login');
  });

  it('refused by AUTH when a tab starts has expired: the login screen says so and leads back', async () => {
    history.replaceState(null, '', '/#/session/s-1?tab=logs');
    jar.cookie = 'r1';
    platform(({ body }) => rotatingAuth({ token: 'r0' })(body));
    const { currentLogin, resume } = await api();
    await expect(resume()).resolves.toBe(false);
    expect(currentLogin()).toBeNull();
    expect(location.hash).toBe('#/login?expired=1&next=' + encodeURIComponent('/session/s-1?tab=logs'));
  });

  it('is never kept in the tab’s storage, and an old stored login is removed', async () => {
    sessionStorage.setItem('opentwin.login', JSON.stringify({ accessToken: 'old', refreshToken: 'old-refresh' }));
    platform(() => ok(tokens('a1', 'r1')));
    const { logIn } = await api();
    expect(sessionStorage.getItem('opentwin.login')).toBeNull();
    await logIn('alice', 'secret');
    expect(JSON.stringify({ ...sessionStorage })).not.toContain('r1');
    expect(JSON.stringify({ ...localStorage })).not.toContain('r1');
  });

  it('is refreshed by one tab at a time, so two tabs never present the same refresh token', async () => {
    const held = webLocks();
    const live = { token: 'r1' as string | null };
    const auth = rotatingAuth(live);
    let release!: () => void;
    const slow = new Promise<void>((resolve) => (release = resolve));
    const sent = platform(async ({ body }) => {
      if (body.action === 'Token.Refresh') {
        expect(held).toEqual(['opentwin.refresh']);
        await slow;
        return auth(body);
      }
      return ok('done');
    });
    const tabA = await api({});
    const tabB = await api({});
    const both = Promise.all([tabA.refresh(), tabB.refresh()]);
    await vi.waitFor(() => expect(sent).toHaveLength(1));
    release();
    await expect(both).resolves.toEqual([true, true]);
    expect(sent.map((s) => s.cookie)).toEqual(['r1', 'r2']);
    expect(tabA.currentLogin()?.accessToken).toBe('a2');
    expect(tabB.currentLogin()?.accessToken).toBe('a3');
    expect(live.token).toBe('r3');
  });

  it('logged out in one tab is logged out in every tab, which go to the login screen', async () => {
    history.replaceState(null, '', '/#/groups');
    const sent = platform(() => ok({ user: 'alice', loggedOut: true }));
    const tabA = await api({});
    const tabB = await api({});
    const seenB: (string | null)[] = [];
    tabB.onLoginChange((l) => seenB.push(l?.user ?? null));
    await tabA.logOut();
    expect(sent.map((s) => [s.body.action, s.authorization])).toEqual([['Logout', 'Bearer a1']]);
    expect(tabA.currentLogin()).toBeNull();
    expect(tabB.currentLogin()).toBeNull();
    expect(seenB).toEqual([null]);
    expect(location.hash).toBe('#/login');
    expect(jar.cookie).toBeNull();
  });

  it('made in one tab logs in the tabs waiting on the login screen', async () => {
    const live = { token: null as string | null };
    const auth = rotatingAuth(live);
    platform(({ body }) => {
      if (body.action === 'Login') {
        live.token = 'r1';
        return ok(tokens('a1', 'r1'));
      }
      return auth(body);
    });
    const tabA = await api();
    const tabB = await api();
    await tabA.logIn('alice', 'secret');
    await vi.waitFor(() => expect(tabB.currentLogin()?.user).toBe('alice'));
    expect(tabB.currentLogin()?.accessToken).toBe('a2');
  });
});

describe('logIn and logOut', () => {
  it('reads the times AUTH writes as epoch seconds or ISO text, and keeps the access token in memory', async () => {
    const sent = platform(() => ok(tokens('a1', 'r1')));
    const { logIn, currentLogin, onLoginChange } = await api();
    const seen: (string | undefined)[] = [];
    onLoginChange((l) => seen.push(l?.accessToken));
    await logIn('alice', 'secret');
    expect(sent[0]).toMatchObject({ url: '/api/auth', body: { action: 'Login', username: 'alice', password: 'secret' }, authorization: undefined });
    expect(currentLogin()).toMatchObject({ accessToken: 'a1', expiresAt: NOW + 15 * MINUTE, refreshExpiresAt: NOW + 24 * 60 * MINUTE });
    expect(jar.cookie).toBe('r1');
    expect(seen).toEqual(['a1']);
  });

  it('gives AUTH’s reason for a refused login and stays logged out, on the login screen', async () => {
    history.replaceState(null, '', '/#/login');
    platform(() => refusal(401, 'wrong user name or password; 2 attempts left before the account is locked for 15 minutes', {}, { attemptsLeft: 2 }));
    const { logIn, currentLogin, ApiError, describe: say } = await api();
    const error = await logIn('alice', 'nope').catch((e) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 401, details: { attemptsLeft: 2 } });
    expect(say(error)).toBe('wrong user name or password; 2 attempts left before the account is locked for 15 minutes');
    expect(currentLogin()).toBeNull();
    expect(location.hash).toBe('#/login');
  });

  it('says once when a locked account opens again, in the user’s local time', async () => {
    const until = new Date(NOW + 15 * MINUTE);
    platform(() =>
      refusal(429, 'too many failed logins: the account is locked until 2026-03-01T10:15:00Z', { 'Retry-After': '900' }, { lockedUntil: '2026-03-01T10:15:00Z' }),
    );
    const { logIn, describe: say, localTime } = await api();
    const error = await logIn('alice', 'right-password').catch((e) => e);
    const local = until.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
    expect(localTime('2026-03-01T10:15:00Z')).toBe(local);
    expect(say(error)).toBe(`Too many failed logins: the account is locked until ${local}.`);
    expect(say(error).match(/try again/g)).toBeNull();
    expect(localTime('2026-03-02T10:15:00Z')).toContain(new Date('2026-03-02T10:15:00Z').toLocaleDateString());
  });

  it('forgets the login and the places kept for it even when AUTH cannot be reached', async () => {
    const sent = platform(() => Promise.reject(new TypeError('Failed to fetch')));
    sessionStorage.setItem('opentwin.place.s-1', '{"selected":"e1"}');
    sessionStorage.setItem('other', 'kept');
    const { logOut, currentLogin } = await api({});
    await logOut();
    expect(sent[0]).toMatchObject({ body: { action: 'Logout' }, authorization: 'Bearer a1' });
    expect(currentLogin()).toBeNull();
    expect(sessionStorage.getItem('opentwin.place.s-1')).toBeNull();
    expect(sessionStorage.getItem('other')).toBe('kept');
  });
});

describe('call', () => {
  it('posts the action with the token and gives the result', async () => {
    const sent = platform(() => ok([{ id: 'p-1' }]));
    const { call } = await api({});
    await expect(call('auth', 'Project.List', { owner: 'bob' })).resolves.toEqual([{ id: 'p-1' }]);
    expect(sent).toEqual([expect.objectContaining({ url: '/api/auth', body: { action: 'Project.List', owner: 'bob' }, authorization: 'Bearer a1' })]);
  });

  it('throws the platform’s reason with its status', async () => {
    platform(() => refusal(404, 'no project p-9'));
    const { call, describe: say } = await api({});
    const error = await call('gss', 'Session.New', { project: 'p-9' }).catch((e) => e);
    expect(error).toMatchObject({ name: 'ApiError', status: 404, reason: 'no project p-9' });
    expect(say(error)).toBe('no project p-9');
  });

  it('says what the platform answered when the body is not JSON', async () => {
    platform(() => new Response('<html>Bad Gateway</html>', { status: 502, statusText: 'Bad Gateway', headers: { 'Content-Type': 'text/html' } }));
    const { call } = await api({});
    await expect(call('gss', 'Session.List')).rejects.toMatchObject({ status: 502, reason: 'the platform answered 502 Bad Gateway' });
  });

  it('does not take a 200 without status ok as a result', async () => {
    platform(() => json(200, { result: 'looks fine' }));
    const { call } = await api({});
    await expect(call('gss', 'Session.List')).rejects.toMatchObject({ status: 200, reason: 'the platform answered 200' });
  });

  it('says when to try again after a 429', async () => {
    platform(() => refusal(429, 'too many attempts', { 'Retry-After': '7' }));
    const { call, describe: say } = await api({});
    const error = await call('auth', 'User.List').catch((e) => e);
    expect(error).toMatchObject({ status: 429, retryAfterSeconds: 7 });
    expect(say(error)).toBe('too many attempts (try again in 7 s)');
  });

  it('refreshes the token once after a 401 through the browser’s cookie and tries again with the new one', async () => {
    const sent = platform(({ body, authorization }) => {
      if (body.action === 'Token.Refresh') {
        return ok(tokens('a2', 'r2'));
      }
      return authorization === 'Bearer a2' ? ok('done') : refusal(401, 'token expired');
    });
    const { call, currentLogin } = await api({});
    await expect(call('gss', 'Session.List')).resolves.toBe('done');
    expect(sent.map((s) => [s.body.action, s.authorization])).toEqual([
      ['Session.List', 'Bearer a1'],
      ['Token.Refresh', undefined],
      ['Session.List', 'Bearer a2'],
    ]);
    expect(sent[1].body).toEqual({ action: 'Token.Refresh' });
    expect(sent[1].cookie).toBe('r1');
    expect(currentLogin()?.accessToken).toBe('a2');
    expect(jar.cookie).toBe('r2');
  });

  it('refreshes once for many calls refused at the same time (AUTH rotates the refresh token)', async () => {
    let release!: () => void;
    const refreshed = new Promise<void>((resolve) => (release = resolve));
    const sent = platform(async ({ body, authorization }) => {
      if (body.action === 'Token.Refresh') {
        await refreshed;
        return ok(tokens('a2', 'r2'));
      }
      return authorization === 'Bearer a2' ? ok(body.action) : refusal(401, 'token expired');
    });
    const { call } = await api({});
    const answers = Promise.all([call('gss', 'Session.List'), call('auth', 'Project.List'), call('auth', 'Group.List')]);
    await vi.waitFor(() => expect(sent.filter((s) => s.body.action === 'Token.Refresh')).toHaveLength(1));
    release();
    await expect(answers).resolves.toEqual(['Session.List', 'Project.List', 'Group.List']);
    expect(sent.filter((s) => s.body.action === 'Token.Refresh')).toHaveLength(1);
  });

  it('ends the login when the refresh is refused, and sends the user to log in and come back', async () => {
    history.replaceState(null, '', '/#/session/s-1?tab=logs');
    platform(({ body }) => (body.action === 'Token.Refresh' ? refusal(401, 'refresh token revoked') : refusal(401, 'token expired')));
    const { call, currentLogin } = await api({});
    await expect(call('gss', 'Session.Get', { session: 's-1' })).rejects.toMatchObject({ status: 401, reason: 'your login expired; log in again' });
    expect(currentLogin()).toBeNull();
    expect(location.hash).toBe('#/login?expired=1&next=' + encodeURIComponent('/session/s-1?tab=logs'));
  });

  it('keeps the login when AUTH is away during the refresh', async () => {
    platform(({ body }) => (body.action === 'Token.Refresh' ? refusal(503, 'auth is starting') : refusal(401, 'token expired')));
    const { call, currentLogin } = await api({});
    await expect(call('gss', 'Session.List')).rejects.toMatchObject({ status: 503, reason: 'auth is starting' });
    expect(currentLogin()?.accessToken).toBe('a1');
    expect(location.hash).toBe('#/projects');
  });

  it('refreshes first when the token is about to expire', async () => {
    const sent = platform(({ body }) => (body.action === 'Token.Refresh' ? ok(tokens('a2', 'r2')) : ok('done')));
    const { call } = await api({ expiresAt: NOW + 20_000 });
    await call('gss', 'Session.List');
    expect(sent.map((s) => [s.body.action, s.authorization])).toEqual([
      ['Token.Refresh', undefined],
      ['Session.List', 'Bearer a2'],
    ]);
  });

  it('without a login, sends a 401 to the login screen', async () => {
    history.replaceState(null, '', '/#/groups');
    const sent = platform(() => refusal(401, 'no token'));
    const { call } = await api();
    await expect(call('auth', 'Group.List')).rejects.toMatchObject({ status: 401, reason: 'no token' });
    expect(sent).toHaveLength(1);
    expect(location.hash).toBe('#/login?expired=1&next=%2Fgroups');
  });

  it('passes the abort signal down to fetch, also when it tries again after a refresh', async () => {
    const sent = platform(({ body, authorization }) => {
      if (body.action === 'Token.Refresh') {
        return ok(tokens('a2', 'r2'));
      }
      return authorization === 'Bearer a2' ? ok('done') : refusal(401, 'token expired');
    });
    const { call } = await api({});
    const abort = new AbortController();
    await call('gss', 'Session.List', {}, abort.signal);
    expect(sent.filter((s) => s.body.action === 'Session.List').map((s) => s.signal)).toEqual([abort.signal, abort.signal]);
    // A refresh is shared by every call waiting for it: no one call's abort may cancel it.
    expect(sent.find((s) => s.body.action === 'Token.Refresh')!.signal).toBeUndefined();
  });

  it('rejects an aborted call with an AbortError that reads as cancelled', async () => {
    platform(
      ({ signal }) =>
        new Promise<Response>((_, reject) => signal!.addEventListener('abort', () => reject(new DOMException('The operation was aborted.', 'AbortError')))),
    );
    const { call, describe: say } = await api({});
    const abort = new AbortController();
    const pending = call('gss', 'Session.Events', { session: 's-1', waitMs: 20_000 }, abort.signal).catch((e) => e);
    abort.abort();
    const error = await pending;
    expect(error).toBeInstanceOf(DOMException);
    expect(error).toMatchObject({ name: 'AbortError' });
    expect(say(error)).toBe('cancelled');
  });
});

describe('the scheduled refresh', () => {
  it('renews the token a minute before it expires, and again after that', async () => {
    const sent = platform(() => ok(tokens('a2', 'r2', 15 * MINUTE)));
    const { currentLogin } = await api({ expiresAt: NOW + 10 * MINUTE });
    await vi.advanceTimersByTimeAsync(9 * MINUTE - 1);
    expect(sent).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(sent.map((s) => [s.body, s.cookie])).toEqual([[{ action: 'Token.Refresh' }, 'r1']]);
    await vi.waitFor(() => expect(currentLogin()?.accessToken).toBe('a2'));
    await vi.advanceTimersByTimeAsync(14 * MINUTE);
    expect(sent).toHaveLength(2);
  });
});

describe('describe', () => {
  it('words a failure on the way and anything else', async () => {
    const { describe: say } = await api();
    expect(say(new TypeError('Failed to fetch'))).toBe('the platform cannot be reached (Failed to fetch)');
    expect(say(new Error('boom'))).toBe('boom');
    expect(say('plain')).toBe('plain');
  });
});
