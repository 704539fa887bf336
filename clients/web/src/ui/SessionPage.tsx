import { useEffect, useRef, useState } from 'preact/hooks';
import type { Project } from '../lib/accounts';
import { ApiError, call, currentLogin, describe, isAdmin, sleep } from '../lib/api';
import { clockTime } from '../lib/model';
import { navigate } from '../lib/router';
import { ENDED, SERVING, newSession, type SessionEvent, type SessionView } from '../lib/sessions';
import { ErrorText, Progress, StateBadge, notify, useAction } from './common';
import { Workspace } from './Workspace';

const KEEP_EVENTS = 200;

/**
 * `#/session/<id>`: follows the session at the GSS for as long as the page shows it (long
 * polls of Session.Events): its progress while it opens, the project view while it runs, its
 * reason when it failed or was lost.
 *
 * Shared sessions: a user who may read the project but is not in the session joins it when
 * the page opens (a link to it, or the way back after leaving); a user who joined leaves it
 * when the page goes (it runs on for the others), and gets "Leave" instead of "Close".
 */
export function SessionPage({ session }: { session: string }) {
  const [view, setView] = useState<SessionView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [pollTrouble, setPollTrouble] = useState<string | null>(null);
  const [project, setProject] = useState<Project | null>(null);
  const [started] = useState(Date.now());
  const closingByUser = useRef(false);
  // Set while the user is a participant (not the opener): the page leaves the session when it goes.
  const joined = useRef(false);
  const me = currentLogin()?.user;
  const close = useAction();

  useEffect(() => {
    const abort = new AbortController();
    const signal = abort.signal;
    (async () => {
      let current: SessionView;
      try {
        current = await getOrJoin(session, signal);
      } catch (e) {
        if (!signal.aborted) {
          setError(describe(e));
        }
        return;
      }
      joined.current = current.user !== me && (current.participants ?? []).some((p) => p.user === me);
      setView(current);
      call<Project[]>('auth', 'Project.List', {}, signal)
        .then((all) => setProject(all.find((p) => p.id === current.project) ?? null))
        .catch(() => undefined);
      let failures = 0;
      while (!signal.aborted && !ENDED.includes(current.state)) {
        try {
          const next = await call<SessionView>('gss', 'Session.Events', { session, after: current.lastSeq, waitMs: 20_000 }, signal);
          const events: SessionEvent[] = [...current.events, ...next.events].slice(-KEEP_EVENTS);
          current = { ...next, events };
          setView(current);
          setPollTrouble(null);
          failures = 0;
        } catch (e) {
          if (signal.aborted) {
            return;
          }
          if (e instanceof ApiError && (e.status === 401 || e.status === 403 || e.status === 404)) {
            setError(describe(e));
            return;
          }
          failures++;
          setPollTrouble(`Lost contact with the session service (${describe(e)}); retrying…`);
          await sleep(Math.min(15_000, 1000 * 2 ** Math.min(failures, 4)), signal).catch(() => undefined);
        }
      }
    })();
    return () => {
      abort.abort();
      if (joined.current) {
        joined.current = false;
        // Fire and forget: the page is going; a failure only leaves the user listed until the session ends.
        call('gss', 'Session.Leave', { session }).catch(() => undefined);
      }
    };
  }, [session]);

  useEffect(() => {
    if (view?.state === 'CLOSED' && closingByUser.current) {
      notify('success', `Closed the session of ${project?.name ?? view.project}`);
      navigate('/projects');
    }
  }, [view?.state]);

  if (error) {
    return (
      <section class="page narrow">
        <h1>Session {session}</h1>
        <ErrorText error={error} />
        <p>
          <a href="#/projects">Back to the projects</a>
        </p>
      </section>
    );
  }
  if (!view) {
    return (
      <section class="page narrow">
        <Progress text="Loading the session…" />
      </section>
    );
  }

  const name = project?.name ?? view.project;
  const closeSession = () =>
    close.run(async () => {
      closingByUser.current = true;
      const closed = await call<SessionView>('gss', 'Session.Close', { session });
      setView((v) => (v ? { ...v, state: closed.state, reason: closed.reason } : v));
    }, describe);
  const reopen = async () => {
    try {
      const next = await newSession(view.project);
      navigate('/session/' + encodeURIComponent(next.session), true);
    } catch (e) {
      notify('error', `Cannot open ${name}: ${describe(e)}`);
    }
  };

  const leaveSession = () =>
    close.run(async () => {
      joined.current = false;
      await call<SessionView>('gss', 'Session.Leave', { session });
      notify('success', `Left ${view.user}’s session of ${name}; it runs on for the others`);
      navigate('/projects');
    }, describe);
  // Its opener, the project's owner and admins close it for everyone; who joined it leaves.
  const mayClose = view.user === me || project?.access === 'owner' || isAdmin();
  const isParticipant = view.user !== me && (view.participants ?? []).some((p) => p.user === me);
  const closeButton =
    !ENDED.includes(view.state) &&
    view.state !== 'CLOSING' &&
    (isParticipant && !mayClose ? (
      <button type="button" class="button" disabled={close.busy} onClick={leaveSession}>
        Leave session
      </button>
    ) : (
      mayClose && (
        <button type="button" class="button button-danger" disabled={close.busy} onClick={closeSession}>
          {view.user === me ? 'Close session' : `Close ${view.user}’s session`}
        </button>
      )
    ));
  const closedBy = closedByOther(view, me);

  if (SERVING.includes(view.state)) {
    return (
      <>
        {pollTrouble && (
          <p class="banner banner-warn" role="status">
            {pollTrouble}
          </p>
        )}
        {close.error && (
          <p class="banner banner-bad" role="alert">
            {close.error}
          </p>
        )}
        <Workspace view={view} projectName={name} access={project?.access} closeButton={closeButton} />
      </>
    );
  }

  return (
    <section class="page narrow" aria-labelledby="session-title">
      <div class="page-head">
        <h1 id="session-title">{name}</h1>
        <StateBadge state={view.state} />
      </div>
      <p class="muted small">
        Session {view.session} · {view.type} · opened by {view.user}
      </p>
      {pollTrouble && (
        <p class="banner banner-warn" role="status">
          {pollTrouble}
        </p>
      )}
      {(view.state === 'QUEUED' || view.state === 'STARTING') && <Opening view={view} started={started} />}
      {view.state === 'CLOSING' && <Progress text="Closing the session: stopping its services…" />}
      {view.state === 'CLOSED' && (
        <div class="panel" role="status">
          <p>
            This session is closed{closedBy ? ` by ${closedBy}` : ''}
            {view.reason ? `: ${view.reason}` : ''}.
          </p>
        </div>
      )}
      {(view.state === 'FAILED' || view.state === 'LOST') && (
        <div class="panel panel-bad" role="alert">
          <h2>{view.state === 'FAILED' ? 'The session failed' : 'The session was lost'}</h2>
          <p class="reason">{view.reason ?? 'no reason was given'}</p>
        </div>
      )}
      <ServiceList view={view} />
      <EventList events={view.events} />
      <ErrorText error={close.error} />
      <div class="button-row">
        {closeButton}
        {ENDED.includes(view.state) && (
          <button type="button" class="button button-primary" onClick={reopen}>
            Open {name} again
          </button>
        )}
        <a class="button" href="#/projects">
          Back to the projects
        </a>
      </div>
    </section>
  );
}

/** The session's view; a user not in it who may read its project joins it (Session.Get answers them 404). */
async function getOrJoin(session: string, signal: AbortSignal): Promise<SessionView> {
  try {
    return await call<SessionView>('gss', 'Session.Get', { session }, signal);
  } catch (e) {
    if (!(e instanceof ApiError) || e.status !== 404) {
      throw e;
    }
    try {
      return await call<SessionView>('gss', 'Session.Join', { session }, signal);
    } catch {
      throw e;
    }
  }
}

/** Who closed the session when it was not the user: from the GSS's event "closing, as alice asked". */
export function closedByOther(view: SessionView, me: string | undefined): string | null {
  for (const event of view.events) {
    const match = /^closing, as (.+) asked$/.exec(event.message);
    if (match && match[1] !== me) {
      return match[1];
    }
  }
  return null;
}

function Opening({ view, started }: { view: SessionView; started: number }) {
  const services = Object.values(view.services);
  const ready = services.filter((s) => s.state === 'READY').length;
  const [, tick] = useState(0);
  useEffect(() => {
    const t = window.setInterval(() => tick((n) => n + 1), 1000);
    return () => window.clearInterval(t);
  }, []);
  const seconds = Math.round((Date.now() - started) / 1000);
  const text =
    view.state === 'QUEUED'
      ? `Waiting for a server to take the session… (${seconds} s)`
      : services.length
        ? `Starting services: ${ready} of ${services.length} ready (${seconds} s)`
        : `Starting services… (${seconds} s)`;
  return <Progress text={text} fraction={services.length ? ready / services.length : 0} />;
}

function ServiceList({ view }: { view: SessionView }) {
  const entries = Object.entries(view.services);
  if (!entries.length) {
    return null;
  }
  return (
    <section class="panel" aria-labelledby="services-title">
      <h2 id="services-title" class="panel-title">
        Services
      </h2>
      <ul class="service-list">
        {entries.map(([name, s]) => (
          <li key={name}>
            <span class="service-name">{name}</span>
            <StateBadge state={s.state} />
            {s.url && <span class="muted small">{s.url}</span>}
          </li>
        ))}
      </ul>
    </section>
  );
}

export function EventList({ events }: { events: SessionEvent[] }) {
  const list = useRef<HTMLDivElement>(null);
  // Whether the list shows its newest event: then it follows new events and changes of layout
  // (a narrower screen wraps the lines and the newest would slip out of sight).
  const atEnd = useRef(true);
  // Where the page last put it: the scroll event of that move can come after more events made
  // the list longer, which is not the user scrolling away.
  const placed = useRef(0);
  const toEnd = () => {
    // Scroll the list, not the page.
    if (list.current && atEnd.current) {
      list.current.scrollTop = list.current.scrollHeight;
      placed.current = list.current.scrollTop;
    }
  };
  useEffect(toEnd, [events.length]);
  useEffect(() => {
    if (!list.current) {
      return;
    }
    const resized = new ResizeObserver(toEnd);
    resized.observe(list.current);
    return () => resized.disconnect();
  }, [events.length > 0]);
  if (!events.length) {
    return null;
  }
  return (
    <section class="panel" aria-labelledby="events-title">
      <h2 id="events-title" class="panel-title">
        Progress
      </h2>
      {/* It scrolls: focusable, so that keyboard users can scroll it too. */}
      <div
        class="event-list"
        role="log"
        aria-live="polite"
        aria-labelledby="events-title"
        tabIndex={0}
        ref={list}
        onScroll={(e) => {
          const el = e.currentTarget as HTMLDivElement;
          atEnd.current = el.scrollTop >= placed.current - 2 || el.scrollHeight - el.scrollTop - el.clientHeight < 24;
        }}
      >
        <ol>
          {events.map((e) => (
            <li key={e.seq}>
              <time class="muted small">{clockTime(e.time)}</time>
              {e.service ? <span class="chip">{e.service}</span> : <span />}
              <span>{e.message}</span>
            </li>
          ))}
        </ol>
      </div>
    </section>
  );
}
