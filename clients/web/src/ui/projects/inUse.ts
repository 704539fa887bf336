/**
 * What the projects list says about a project's running session, and what it offers: pure
 * functions of the project, the session of it the GSS lists (`Session.List` scope 'visible')
 * and who is looking, so that a test can check every case without a page.
 */
import type { Project } from '../../lib/accounts';
import type { SessionView } from '../../lib/sessions';

/** The main button of a project's row. */
export type RowAction = 'open' | 'resume' | 'join' | 'join-read-only' | 'closing';

/** Hours and minutes in the browser's time zone, 24-hour: "10:39". */
export function localClock(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) {
    return iso;
  }
  return `${String(date.getHours()).padStart(2, '0')}:${String(date.getMinutes()).padStart(2, '0')}`;
}

/** Whether the user opened the session or joined it. */
export function isIn(session: SessionView, me: string | undefined): boolean {
  return !!me && (session.user === me || (session.participants ?? []).some((p) => p.user === me));
}

/** "in use by carol since 10:39", "in use by you", with who else is in it: "… · with bob, you". */
export function inUseText(session: SessionView, me: string | undefined): string {
  const opener = session.user === me ? 'in use by you' : `in use by ${session.user} since ${localClock(session.createdAt)}`;
  const others = (session.participants ?? []).map((p) => (p.user === me ? 'you' : p.user));
  return others.length ? `${opener} · with ${others.join(', ')}` : opener;
}

/** The row's main action: open a free project, resume one's own or joined session, join another's. */
export function rowAction(project: Project, session: SessionView | undefined, me: string | undefined): RowAction {
  if (!session) {
    return 'open';
  }
  if (session.state === 'CLOSING') {
    return 'closing';
  }
  if (isIn(session, me)) {
    return 'resume';
  }
  return project.access === 'read' ? 'join-read-only' : 'join';
}

/** Whether the user may close someone else's session of the project: its owner or an admin. */
export function mayCloseOthers(project: Project, session: SessionView | undefined, me: string | undefined, admin: boolean): boolean {
  return !!session && session.user !== me && session.state !== 'CLOSING' && (project.access === 'owner' || admin);
}

/** Who is in a session, for the confirmation before closing it: "carol (opened it at 10:39), bob (joined at 10:41)". */
export function whoIsIn(session: SessionView, me: string | undefined): string[] {
  const name = (user: string) => (user === me ? 'you' : user);
  return [
    `${name(session.user)} (opened it at ${localClock(session.createdAt)})`,
    ...(session.participants ?? []).map((p) => `${name(p.user)} (joined at ${localClock(p.since)})`),
  ];
}
