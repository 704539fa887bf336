import { describe, expect, it } from 'vitest';
import type { Project } from '../../lib/accounts';
import type { SessionView } from '../../lib/sessions';
import { closedByOther } from '../SessionPage';
import { inUseText, isIn, localClock, mayCloseOthers, rowAction, whoIsIn } from './inUse';

/** 10:39 and 10:41 in the browser's time zone, whatever it is. */
const OPENED = new Date(2026, 11, 7, 10, 39, 27).toISOString();
const JOINED = new Date(2026, 11, 7, 10, 41, 5).toISOString();

function session(fields: Partial<SessionView> = {}): SessionView {
  return {
    session: 's1',
    project: 'p1',
    user: 'carol',
    participants: [],
    type: 'default',
    state: 'RUNNING',
    createdAt: OPENED,
    updatedAt: OPENED,
    services: {},
    events: [],
    lastSeq: 3,
    relayUrl: 'https://relay:8094',
    ...fields,
  };
}

function project(access: Project['access']): Project {
  return { id: 'p1', name: 'Filter', owner: 'admin', access, shares: {}, yourGroups: [] };
}

describe('a project in use', () => {
  it('shows who opened it and since when, in local time', () => {
    expect(localClock(OPENED)).toBe('10:39');
    expect(inUseText(session(), 'admin')).toBe('in use by carol since 10:39');
  });

  it('says "you" for the own session and names who joined', () => {
    expect(inUseText(session({ user: 'admin' }), 'admin')).toBe('in use by you');
    expect(inUseText(session({ participants: [{ user: 'bob', since: JOINED }, { user: 'admin', since: JOINED }] }), 'admin')).toBe(
      'in use by carol since 10:39 · with bob, you',
    );
  });

  it('offers Join to readers and writers, read-only to readers, Resume to whoever is in it', () => {
    expect(rowAction(project('write'), undefined, 'admin')).toBe('open');
    expect(rowAction(project('write'), session(), 'admin')).toBe('join');
    expect(rowAction(project('read'), session(), 'admin')).toBe('join-read-only');
    expect(rowAction(project('read'), session({ user: 'admin' }), 'admin')).toBe('resume');
    expect(rowAction(project('read'), session({ participants: [{ user: 'admin', since: JOINED }] }), 'admin')).toBe('resume');
    expect(rowAction(project('owner'), session({ state: 'CLOSING' }), 'admin')).toBe('closing');
    expect(isIn(session(), undefined)).toBe(false);
  });

  it('lets the owner and admins close another user’s session, nobody else', () => {
    expect(mayCloseOthers(project('owner'), session(), 'admin', false)).toBe(true);
    expect(mayCloseOthers(project('read'), session(), 'root', true)).toBe(true);
    expect(mayCloseOthers(project('write'), session(), 'bob', false)).toBe(false);
    // Their own session is closed from its page; one closing already needs nothing.
    expect(mayCloseOthers(project('owner'), session({ user: 'admin' }), 'admin', false)).toBe(false);
    expect(mayCloseOthers(project('owner'), session({ state: 'CLOSING' }), 'admin', false)).toBe(false);
    expect(mayCloseOthers(project('owner'), undefined, 'admin', false)).toBe(false);
  });

  it('names everyone in the session before it is closed', () => {
    expect(whoIsIn(session({ participants: [{ user: 'bob', since: JOINED }] }), 'admin')).toEqual([
      'carol (opened it at 10:39)',
      'bob (joined at 10:41)',
    ]);
  });

  it('tells a participant who closed the session', () => {
    const events = [
      { seq: 1, time: OPENED, service: null, message: 'queued' },
      { seq: 9, time: JOINED, service: null, message: 'closing, as admin asked' },
    ];
    expect(closedByOther(session({ events }), 'carol')).toBe('admin');
    expect(closedByOther(session({ events }), 'admin')).toBeNull();
    expect(closedByOther(session(), 'carol')).toBeNull();
  });
});
