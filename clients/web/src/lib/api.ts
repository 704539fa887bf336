/**
 * The page's calls to AUTH and the GSS (`POST /api/auth`, `POST /api/gss` on the web service,
 * passed on unchanged) and the login they carry.
 *
 * Tokens: the access token lives 15 minutes. It is refreshed a minute before it expires, and
 * once more when a call answers 401; refreshes are single-flight, because AUTH rotates the
 * refresh token and a reused one revokes the whole login. When a refresh fails the login is
 * gone: the page goes to `#/login?next=<where the user was>` and comes back there after login.
 * The login is kept in sessionStorage: a reload keeps it, another tab logs in on its own.
 */
import { currentRoute, navigate, routeString } from './router';

export type Service = 'auth' | 'gss';

export interface Login {
  accessToken: string;
  refreshToken: string;
  /** epoch milliseconds */
  expiresAt: number;
  refreshExpiresAt: number;
  user: string;
  roles: string[];
}

/** A refusal from the platform, with its HTTP status and the reason that is safe to show. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly reason: string,
    readonly retryAfterSeconds?: number,
  ) {
    super(reason);
    this.name = 'ApiError';
  }
}

const STORAGE_KEY = 'opentwin.login';
/** Refresh this long before the access token expires. */
const REFRESH_MARGIN_MS = 60_000;

/** Prefix of the keys under which a project view keeps its place (selection, tab) per session. */
export const PLACE_PREFIX = 'opentwin.place.';

let login: Login | null = load();
let refreshing: Promise<boolean> | null = null;
let timer: number | undefined;
const listeners = new Set<(login: Login | null) => void>();

function load(): Login | null {
  try {
    const text = sessionStorage.getItem(STORAGE_KEY);
    if (!text) {
      return null;
    }
    const stored = JSON.parse(text) as Login;
    return stored.refreshExpiresAt > Date.now() ? stored : null;
  } catch {
    return null;
  }
}

function toMillis(value: unknown): number {
  if (typeof value === 'number') {
    // Jackson writes an Instant as decimal seconds when it writes numbers.
    return value < 1e12 ? Math.round(value * 1000) : value;
  }
  const parsed = Date.parse(String(value));
  return Number.isNaN(parsed) ? Date.now() + 5 * 60_000 : parsed;
}

function setLogin(next: Login | null): void {
  login = next;
  if (next) {
    sessionStorage.setItem(STORAGE_KEY, JSON.stringify(next));
  } else {
    sessionStorage.removeItem(STORAGE_KEY);
  }
  schedule();
  listeners.forEach((listener) => listener(next));
}

function fromReply(reply: Record<string, unknown>): Login {
  return {
    accessToken: String(reply.accessToken),
    refreshToken: String(reply.refreshToken),
    expiresAt: toMillis(reply.expiresAt),
    refreshExpiresAt: toMillis(reply.refreshExpiresAt),
    user: String(reply.user),
    roles: Array.isArray(reply.roles) ? (reply.roles as string[]) : [],
  };
}

function schedule(): void {
  window.clearTimeout(timer);
  if (!login) {
    return;
  }
  const wait = Math.max(5_000, login.expiresAt - Date.now() - REFRESH_MARGIN_MS);
  timer = window.setTimeout(() => {
    refresh().catch(() => {
      /* a network failure: the next call tries again */
    });
  }, wait);
}
schedule();

export function currentLogin(): Login | null {
  return login;
}

export function isAdmin(): boolean {
  return !!login && login.roles.includes('admin');
}

/** Called with the new login after every login, refresh and logout. */
export function onLoginChange(listener: (login: Login | null) => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

async function post(service: Service, body: unknown, token: string | null, signal?: AbortSignal): Promise<Response> {
  const headers: Record<string, string> = { 'Content-Type': 'application/json', Accept: 'application/json' };
  if (token) {
    headers.Authorization = 'Bearer ' + token;
  }
  return fetch('/api/' + service, { method: 'POST', headers, body: JSON.stringify(body), signal, cache: 'no-store' });
}

async function answer<T>(response: Response): Promise<T> {
  let body: { status?: string; result?: T; reason?: string } | null = null;
  try {
    body = await response.json();
  } catch {
    body = null;
  }
  if (response.ok && body && body.status === 'ok') {
    return body.result as T;
  }
  const retry = response.headers.get('Retry-After');
  const reason = body?.reason ?? `the platform answered ${response.status} ${response.statusText || ''}`.trim();
  throw new ApiError(response.status, reason, retry ? Number(retry) : undefined);
}

/** Logs in; remembers the tokens. */
export async function logIn(username: string, password: string): Promise<Login> {
  const result = await answer<Record<string, unknown>>(await post('auth', { action: 'Login', username, password }, null));
  const next = fromReply(result);
  setLogin(next);
  return next;
}

/** Logs out at AUTH (revoking the login) and forgets it here, whatever AUTH answers. */
export async function logOut(): Promise<void> {
  const token = login?.accessToken ?? null;
  setLogin(null);
  // What the user was looking at is kept for an expired login only, not past a logout.
  Object.keys(sessionStorage).filter((key) => key.startsWith(PLACE_PREFIX)).forEach((key) => sessionStorage.removeItem(key));
  if (token) {
    try {
      await post('auth', { action: 'Logout' }, token);
    } catch {
      /* the tokens are forgotten here anyway */
    }
  }
}

/**
 * Renews the access token with the refresh token; true when it worked. When AUTH refuses,
 * the login is over: it is forgotten and the page goes to the login screen, which brings the
 * user back to where they were.
 */
export function refresh(): Promise<boolean> {
  if (refreshing) {
    return refreshing;
  }
  const current = login;
  if (!current) {
    return Promise.resolve(false);
  }
  refreshing = (async () => {
    try {
      const response = await post('auth', { action: 'Token.Refresh', refreshToken: current.refreshToken }, null);
      if (response.status >= 500 || response.status === 429) {
        // AUTH is busy or away: keep the login and let the caller see the error.
        await answer(response);
      }
      if (!response.ok) {
        expired();
        return false;
      }
      setLogin(fromReply(await answer<Record<string, unknown>>(response)));
      return true;
    } finally {
      refreshing = null;
    }
  })();
  return refreshing;
}

/** The login is over: forget it and go to the login screen, remembering where the user was. */
export function expired(): void {
  setLogin(null);
  const here = currentRoute();
  if (here.path !== '/login') {
    navigate('/login?expired=1&next=' + encodeURIComponent(routeString(here)));
  }
}

/**
 * One action on AUTH or the GSS with the user's token: `{status:"ok",result}` gives the
 * result, anything else throws an ApiError with the platform's reason. A 401 refreshes the
 * token once and tries again.
 */
export async function call<T = unknown>(service: Service, action: string, fields: Record<string, unknown> = {}, signal?: AbortSignal): Promise<T> {
  if (login && login.expiresAt - Date.now() < 30_000) {
    await refresh();
  }
  const body = { action, ...fields };
  let response = await post(service, body, login?.accessToken ?? null, signal);
  if (response.status === 401 && login) {
    if (await refresh()) {
      response = await post(service, body, login?.accessToken ?? null, signal);
    } else {
      throw new ApiError(401, 'your login expired; log in again');
    }
  } else if (response.status === 401 && action !== 'Login') {
    expired();
  }
  return answer<T>(response);
}

/** A message for any error: the platform's reason, or what went wrong on the way. */
export function describe(error: unknown): string {
  if (error instanceof ApiError) {
    if (error.status === 429 && error.retryAfterSeconds) {
      return `${error.reason} (try again in ${error.retryAfterSeconds} s)`;
    }
    return error.reason;
  }
  if (error instanceof DOMException && error.name === 'AbortError') {
    return 'cancelled';
  }
  if (error instanceof TypeError) {
    return 'the platform cannot be reached (' + error.message + ')';
  }
  return error instanceof Error ? error.message : String(error);
}

export const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    const t = window.setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => {
      window.clearTimeout(t);
      reject(new DOMException('aborted', 'AbortError'));
    });
  });
