/** Sessions at the GSS: their views, following their progress, and short model-only sessions. */
import { ApiError, call, currentLogin, isAdmin, sleep } from './api';
import { ENDED, SERVING, type SessionView } from './contract';
import { RelayClient } from './relay';

export { ACTIVE, ENDED, SERVING } from './contract';
export type { ServiceState, ServiceStatus, SessionEvent, SessionState, SessionView } from './contract';

/** Session.New, waiting out 429 (every LSS busy starting sessions) a few times. */
export async function newSession(project: string, type?: string, onWait?: (seconds: number) => void, signal?: AbortSignal): Promise<SessionView> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await call<SessionView>('gss', 'Session.New', type ? { project, type } : { project }, signal);
    } catch (e) {
      if (e instanceof ApiError && e.status === 429 && attempt < 6) {
        const seconds = e.retryAfterSeconds ?? 2;
        onWait?.(seconds);
        await sleep(seconds * 1000, signal);
        continue;
      }
      throw e;
    }
  }
}

/**
 * Follows a session's events (long polls of up to 20 s) until `done` says so or it ended;
 * every answer goes to `onView`.
 */
export async function follow(
  first: SessionView,
  done: (view: SessionView) => boolean,
  onView: (view: SessionView) => void,
  signal?: AbortSignal,
): Promise<SessionView> {
  let view = first;
  while (!done(view) && !ENDED.includes(view.state)) {
    view = await call<SessionView>('gss', 'Session.Events', { session: view.session, after: view.lastSeq, waitMs: 20_000 }, signal);
    onView(view);
  }
  return view;
}

/** Resolves once the relay connection is open; rejects when it failed for good or takes too long. */
export function whenOpen(relay: RelayClient, timeoutMs = 30_000): Promise<void> {
  return new Promise((resolve, reject) => {
    const check = () => {
      const s = relay.current;
      if (s.state === 'open') {
        stop();
        resolve();
      } else if (s.state === 'failed' || s.state === 'closed') {
        stop();
        reject(new Error('cannot connect to the relay: ' + (s.detail ?? s.state)));
      } else if (!s.everOpen && s.attempts >= 3) {
        // Never opened, three times: the session's relay is not there; say why now.
        stop();
        reject(new Error('cannot connect to the session' + (s.detail ? ': ' + s.detail : '')));
      }
    };
    const timer = window.setTimeout(() => {
      stop();
      const s = relay.current;
      reject(new Error('cannot connect to the relay' + (s.detail ? ': ' + s.detail : '')));
    }, timeoutMs);
    const unsubscribe = relay.onStatus(check);
    const stop = () => {
      window.clearTimeout(timer);
      unsubscribe();
    };
    check();
  });
}

/**
 * Runs `work` with the project's Model service: through the running session of the project
 * (the user's own or joined one; another user's is joined for the work and left afterwards, so
 * that an owner can delete a project someone has open), or a model-only session opened for it
 * and closed afterwards (as the CLI does for templates and deletion).
 */
export async function withModelSession<T>(project: string, work: (relay: RelayClient) => Promise<T>, step: (text: string) => void): Promise<T> {
  const sessions = await call<SessionView[]>('gss', 'Session.List', { scope: 'visible' });
  let mine = sessions.find((s) => s.project === project && !ENDED.includes(s.state));
  const me = currentLogin()?.user;
  // Admins are let into every session by the relay: they use it as it is.
  if (mine && mine.state !== 'CLOSING' && !isAdmin() && mine.user !== me && !(mine.participants ?? []).some((p) => p.user === me)) {
    step(`Joining ${mine.user}’s session of the project…`);
    const joined = await call<SessionView>('gss', 'Session.Join', { session: mine.session });
    try {
      return await withSession(joined, work, step);
    } finally {
      await call('gss', 'Session.Leave', { session: joined.session }).catch(() => undefined);
    }
  }
  if (mine && mine.state === 'CLOSING') {
    // The project is held until its last session is closed: wait for that, then open a new one.
    step('Waiting for the project’s last session to close…');
    await follow(mine, () => false, () => undefined);
    mine = undefined;
  }
  let view: SessionView;
  const opened = !mine;
  if (mine) {
    view = mine;
  } else {
    step('Opening a model session…');
    view = await newSession(project, 'model', (s) => step(`The platform is busy; trying again in ${s} s…`));
  }
  try {
    return await withSession(view, work, step);
  } finally {
    if (opened) {
      step('Closing the model session…');
      try {
        await call('gss', 'Session.Close', { session: view.session });
      } catch {
        /* it is closed when its LSS notices; nothing the user can do here */
      }
    }
  }
}

/** Waits until the session serves, then runs `work` over a relay connection to it. */
async function withSession<T>(first: SessionView, work: (relay: RelayClient) => Promise<T>, step: (text: string) => void): Promise<T> {
  const view = await follow(first, (v) => SERVING.includes(v.state), (v) => step(`Opening a model session… (${v.state.toLowerCase()})`));
  if (!SERVING.includes(view.state)) {
    throw new Error(`the model session ${view.state}${view.reason ? ': ' + view.reason : ''}`);
  }
  const relay = new RelayClient(view.session);
  try {
    await whenOpen(relay);
    return await work(relay);
  } finally {
    relay.close();
  }
}
