/**
 * The page's calls to AUTH and the GSS (`POST /api/auth`, `POST /api/gss` on the web service,
 * passed on to them) and the login they carry.
 *
 * One login per browser, not per tab: the web service's gateway keeps AUTH's refresh token in
 * an HttpOnly cookie of this origin (the page never sees it), and each tab keeps only an
 * access token, in memory. A new tab or a reload starts with a refresh through the cookie
 * (`resume`) and is logged in without a login screen. Logging out in one tab logs out every
 * tab: the others hear it on a BroadcastChannel and go to the login screen; a login in one tab
 * likewise logs in the tabs waiting on the login screen.
 *
 * Tokens: the access token lives 15 minutes. It is refreshed a minute before it expires, and
 * once more when a call answers 401. AUTH rotates the refresh token and a reused one revokes the
 * whole login, so refreshes must never overlap, in one tab nor across tabs: a tab refreshes
 * holding the browser-wide Web Lock `opentwin.refresh` (navigator.locks), so the next tab's
 * refresh starts only once the browser has stored the rotated cookie. The page rather than the
 * gateway serialises them: the gateway may run as several replicas, and a lock in the browser
 * holds for whichever replica answers. Without Web Locks (an old browser) refreshes are single-flight per tab only.
 * When a refresh fails the login is gone: the page goes to `#/login?next=<where the user was>`
 * and comes back there after login.
 */
import { currentRoute, navigate, routeString } from './router';

export type Service = 'auth' | 'gss';

export interface Login {
  accessToken: string;
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
    /** The other fields of the refusal (e.g. `attemptsLeft`, `lockedUntil`). */
    readonly details: Record<string, unknown> = {},
  ) {
    super(reason);
    this.name = 'ApiError';
  }
}

/** Where the tabs of this browser tell each other about logins and logouts. */
const CHANNEL = 'opentwin.login';
/** The browser-wide lock held while a tab refreshes the cookie's login. */
const REFRESH_LOCK = 'opentwin.refresh';
/** Refresh this long before the access token expires. */
const REFRESH_MARGIN_MS = 60_000;

/** Prefix of the keys under which a project view keeps its place (selection, tab) per session. */
export const PLACE_PREFIX = 'opentwin.place.';

type TabMessage = { type: 'logout' } | { type: 'login' };

let login: Login | null = null;
let refreshing: Promise<boolean> | null = null;
let timer: number | undefined;
const listeners = new Set<(login: Login | null) => void>();
// Before logins moved into the cookie a tab kept them here, refresh token included.
sessionStorage.removeItem('opentwin.login');

const tabs: BroadcastChannel | null = typeof BroadcastChannel === 'function' ? new BroadcastChannel(CHANNEL) : null;
if (tabs) {
  tabs.onmessage = (event: MessageEvent<TabMessage>) => {
    if (event.data?.type === 'logout' && login) {
      forgetPlaces();
      setLogin(null);
      navigate('/login', true);
    } else if (event.data?.type === 'login' && !login) {
      resume().catch(() => {
        /* the platform cannot be reached: this tab stays on its login screen */
      });
    }
  };
}

function tell(message: TabMessage): void {
  tabs?.postMessage(message);
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
  schedule();
  listeners.forEach((listener) => listener(next));
}

function fromReply(reply: Record<string, unknown>): Login {
  return {
    accessToken: String(reply.accessToken),
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
  let body: ({ status?: string; result?: T; reason?: string } & Record<string, unknown>) | null = null;
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
  const details: Record<string, unknown> = { ...(body ?? {}) };
  delete details.status;
  delete details.reason;
  throw new ApiError(response.status, reason, retry ? Number(retry) : undefined, details);
}

/** Logs in; the gateway keeps the refresh token in the browser's cookie, this tab the access token. */
export async function logIn(username: string, password: string): Promise<Login> {
  const result = await answer<Record<string, unknown>>(await post('auth', { action: 'Login', username, password }, null));
  const next = fromReply(result);
  setLogin(next);
  tell({ type: 'login' });
  return next;
}

function forgetPlaces(): void {
  // What the user was looking at is kept for an expired login only, not past a logout.
  Object.keys(sessionStorage)
    .filter((key) => key.startsWith(PLACE_PREFIX))
    .forEach((key) => sessionStorage.removeItem(key));
}

/**
 * Logs out at AUTH (the gateway revokes the browser's login and clears its cookie) and forgets
 * the login here and in every other tab, whatever AUTH answers.
 */
export async function logOut(): Promise<void> {
  const token = login?.accessToken ?? null;
  setLogin(null);
  forgetPlaces();
  tell({ type: 'logout' });
  try {
    await post('auth', { action: 'Logout' }, token);
  } catch {
    /* the login is forgotten here anyway */
  }
}

/**
 * Runs the refresh holding the browser-wide lock, so that no two tabs present the same
 * refresh token (AUTH would revoke the login). Without Web Locks, just runs it.
 */
function oneTabAtATime<T>(work: () => Promise<T>): Promise<T> {
  const locks = (globalThis.navigator as Navigator | undefined)?.locks;
  return locks ? (locks.request(REFRESH_LOCK, work) as Promise<T>) : work();
}

/**
 * One refresh through the cookie: the new login; 'none' when the browser has no login (the
 * gateway says `noLogin`); 'refused' when AUTH refused the browser's login (expired, revoked,
 * reused); an ApiError when AUTH is busy or away.
 */
async function refreshThroughCookie(): Promise<Login | 'none' | 'refused'> {
  const response = await oneTabAtATime(() => post('auth', { action: 'Token.Refresh' }, null));
  if (response.status >= 500 || response.status === 429) {
    // AUTH is busy or away: keep the login and let the caller see the error.
    await answer(response);
  }
  if (!response.ok) {
    const body = (await response.json().catch(() => null)) as { noLogin?: boolean } | null;
    return body?.noLogin ? 'none' : 'refused';
  }
  return fromReply(await answer<Record<string, unknown>>(response));
}

/**
 * Starts this tab with the browser's login, if it has one: true when the tab is now logged in.
 * The page calls it once before its first screen (a new tab or a reload). A login that AUTH
 * refuses now has expired: the page says so on the login screen and comes back here after it.
 */
export async function resume(): Promise<boolean> {
  if (login) {
    return true;
  }
  if (refreshing) {
    return refreshing;
  }
  refreshing = (async () => {
    try {
      const next = await refreshThroughCookie();
      if (next === 'refused') {
        expired();
        return false;
      }
      if (next !== 'none') {
        setLogin(next);
      }
      return next !== 'none';
    } finally {
      refreshing = null;
    }
  })();
  return refreshing;
}

/**
 * Renews the access token through the browser's login; true when it worked. When AUTH refuses,
 * the login is over: it is forgotten and the page goes to the login screen, which brings the
 * user back to where they were.
 */
export function refresh(): Promise<boolean> {
  if (refreshing) {
    return refreshing;
  }
  if (!login) {
    return Promise.resolve(false);
  }
  refreshing = (async () => {
    try {
      const next = await refreshThroughCookie();
      if (next === 'none' || next === 'refused') {
        expired();
        return false;
      }
      setLogin(next);
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

/** A time as the user reads it on their clock: `18:42`, with the day when it is not today. */
export function localTime(iso: string, now: Date = new Date()): string {
  const at = new Date(iso);
  const time = at.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
  return at.toDateString() === now.toDateString() ? time : `${at.toLocaleDateString()} ${time}`;
}

/** A message for any error: the platform's reason, or what went wrong on the way. */
export function describe(error: unknown): string {
  if (error instanceof ApiError) {
    const lockedUntil = error.details.lockedUntil;
    if (typeof lockedUntil === 'string' && !Number.isNaN(Date.parse(lockedUntil))) {
      // AUTH's reason names the time in UTC; the user reads it in their own.
      const wrong = error.reason.startsWith('wrong user name or password') ? 'Wrong user name or password. ' : '';
      return `${wrong}Too many failed logins: the account is locked until ${localTime(lockedUntil)}.`;
    }
    if (error.status === 429 && error.retryAfterSeconds && !error.reason.includes('try again')) {
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
