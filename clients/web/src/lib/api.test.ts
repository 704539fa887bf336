import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type * as Api from './api';

const NOW = Date.parse('2026-03-01T10:00:00Z');
const MINUTE = 60_000;

interface Sent {
  url: string;
  body: Record<string, unknown>;
  authorization: string | undefined;
  signal: AbortSignal | undefined;
}

type Answer = Response | Promise<Response>;

/** The platform as fetch sees it: every request is recorded and answered by `answer`. */
function platform(answer: (sent: Sent) => Answer) {
  const sent: Sent[] = [];
  const fetch = vi.fn(async (url: string, init: RequestInit) => {
    const headers = init.headers as Record<string, string>;
    const request = { url, body: JSON.parse(String(init.body)), authorization: headers.Authorization, signal: init.signal ?? undefined };
    sent.push(request);
    return answer(request);
  });
  vi.stubGlobal('fetch', fetch);
  return sent;
}

const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json', ...headers } });
const ok = (result: unknown) => json(200, { status: 'ok', result });
const refusal = (status: number, reason: string, headers: Record<string, string> = {}) => json(status, { status: 'error', reason }, headers);

const tokens = (access: string, refresh: string, expiresInMs = 15 * MINUTE) => ({
  accessToken: access,
  refreshToken: refresh,
  // As AUTH's Jackson writes an Instant: decimal epoch seconds.
  expiresAt: (Date.now() + expiresInMs) / 1000,
  refreshExpiresAt: new Date(Date.now() + 24 * 60 * MINUTE).toISOString(),
  user: 'alice',
  roles: ['user'],
});

/** A fresh api module (its login is read from sessionStorage when it loads), logged in as alice when `stored` is given. */
async function api(stored?: Partial<Api.Login>): Promise<typeof Api> {
  if (stored) {
    sessionStorage.setItem(
      'opentwin.login',
      JSON.stringify({ accessToken: 'a1', refreshToken: 'r1', expiresAt: NOW + 15 * MINUTE, refreshExpiresAt: NOW + 60 * MINUTE, user: 'alice', roles: ['user'], ...stored }),
    );
  }
  vi.resetModules();
  return import('./api');
}

beforeEach(() => {
  vi.useFakeTimers({ now: NOW, toFake: ['setTimeout', 'clearTimeout', 'Date'] });
  sessionStorage.clear();
  history.replaceState(null, '', '/#/projects');
});

afterEach(() => {
  vi.useRealTimers();
});

describe('the stored login', () => {
  it('is taken back after a reload while its refresh token lives', async () => {
    const { currentLogin, isAdmin } = await api({ roles: ['admin', 'user'] });
    expect(currentLogin()?.user).toBe('alice');
    expect(isAdmin()).toBe(true);
  });

  it('is dropped once its refresh token expired', async () => {
    const { currentLogin } = await api({ refreshExpiresAt: NOW - 1 });
    expect(currentLogin()).toBeNull();
  });

  it('is dropped when it is not JSON', async () => {
    sessionStorage.setItem('opentwin.login', '{not json');
    const { currentLogin } = await api();
    expect(currentLogin()).toBeNull();
  });
});

describe('logIn and logOut', () => {
  it('reads the times AUTH writes as epoch seconds or ISO text, and stores the login', async () => {
    const sent = platform(() => ok(tokens('a1', 'r1')));
    const { logIn, currentLogin } = await api();
    const seen: (string | undefined)[] = [];
    const { onLoginChange } = await import('./api');
    onLoginChange((l) => seen.push(l?.accessToken));
    await logIn('alice', 'secret');
    expect(sent[0]).toMatchObject({ url: '/api/auth', body: { action: 'Login', username: 'alice', password: 'secret' }, authorization: undefined });
    expect(currentLogin()).toMatchObject({ accessToken: 'a1', expiresAt: NOW + 15 * MINUTE, refreshExpiresAt: NOW + 24 * 60 * MINUTE });
    expect(JSON.parse(sessionStorage.getItem('opentwin.login')!).refreshToken).toBe('r1');
    expect(seen).toEqual(['a1']);
  });

  it('gives AUTH’s reason for a refused login and stays logged out, on the login screen', async () => {
    history.replaceState(null, '', '/#/login');
    platform(() => refusal(401, 'wrong user name or password'));
    const { logIn, currentLogin, ApiError } = await api();
    const error = await logIn('alice', 'nope').catch((e) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 401, reason: 'wrong user name or password' });
    expect(currentLogin()).toBeNull();
    expect(location.hash).toBe('#/login');
  });

  it('forgets the login and the places kept for it even when AUTH cannot be reached', async () => {
    const sent = platform(() => Promise.reject(new TypeError('Failed to fetch')));
    sessionStorage.setItem('opentwin.place.s-1', '{"selected":"e1"}');
    sessionStorage.setItem('other', 'kept');
    const { logOut, currentLogin } = await api({});
    await logOut();
    expect(sent[0]).toMatchObject({ body: { action: 'Logout' }, authorization: 'Bearer a1' });
    expect(currentLogin()).toBeNull();
    expect(sessionStorage.getItem('opentwin.login')).toBeNull();
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

  it('refreshes the token once after a 401 and tries again with the new one', async () => {
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
    expect(sent[1].body.refreshToken).toBe('r1');
    expect(currentLogin()?.refreshToken).toBe('r2');
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
    expect(sessionStorage.getItem('opentwin.login')).toBeNull();
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
    expect(sent.map((s) => s.body)).toEqual([{ action: 'Token.Refresh', refreshToken: 'r1' }]);
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
