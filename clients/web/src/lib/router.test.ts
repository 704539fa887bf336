import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { currentRoute, match, navigate, routeString } from './router';

function at(hash: string) {
  history.replaceState(null, '', '/' + hash);
}

describe('currentRoute', () => {
  beforeEach(() => at(''));

  it('is / without a hash, or with an empty one', () => {
    expect(currentRoute().path).toBe('/');
    at('#');
    expect(currentRoute().path).toBe('/');
    expect([...currentRoute().query]).toEqual([]);
  });

  it('splits the path from the query at the first ?', () => {
    at('#/session/s-1?next=/a?b=c&x=1');
    const route = currentRoute();
    expect(route.path).toBe('/session/s-1');
    expect(route.query.get('next')).toBe('/a?b=c');
    expect(route.query.get('x')).toBe('1');
  });

  it('adds the leading slash a hand-written hash lacks', () => {
    at('#projects');
    expect(currentRoute().path).toBe('/projects');
    at('#?expired=1');
    expect(currentRoute().path).toBe('/');
    expect(currentRoute().query.get('expired')).toBe('1');
  });

  it('decodes the query, not the path', () => {
    at('#/session/a%2Fb?next=%2Fsession%2Fs%201');
    const route = currentRoute();
    expect(route.path).toBe('/session/a%2Fb');
    expect(route.query.get('next')).toBe('/session/s 1');
  });
});

describe('routeString', () => {
  it('writes the path alone without a query', () => {
    expect(routeString({ path: '/projects', query: new URLSearchParams() })).toBe('/projects');
  });

  it('gives back a route that reads the same', () => {
    at('#/login?next=' + encodeURIComponent('/session/s 1?tab=logs') + '&expired=1');
    const written = routeString();
    at('#' + written);
    expect(currentRoute().path).toBe('/login');
    expect(currentRoute().query.get('next')).toBe('/session/s 1?tab=logs');
    expect(currentRoute().query.get('expired')).toBe('1');
  });
});

describe('navigate', () => {
  // Browsers fire no hashchange for history.replaceState: navigate must tell useRoute itself, at once.
  // (happy-dom fires one later, on its own, so only what happens synchronously is counted.)
  let changes: number;
  const count = () => changes++;
  beforeEach(() => {
    at('#/projects');
    changes = 0;
    window.addEventListener('hashchange', count);
  });
  afterEach(() => window.removeEventListener('hashchange', count));

  it('replaces the entry and tells the listeners, without a history entry', () => {
    const length = history.length;
    navigate('/groups', true);
    expect(changes).toBe(1);
    expect(location.hash).toBe('#/groups');
    expect(history.length).toBe(length);
  });

  it('adds the leading slash', () => {
    navigate('users', true);
    expect(location.hash).toBe('#/users');
  });

  it('does nothing when already there', () => {
    const length = history.length;
    navigate('/projects', true);
    navigate('projects');
    expect(changes).toBe(0);
    expect(history.length).toBe(length);
  });

  it('pushes a new entry when not replacing', () => {
    const length = history.length;
    navigate('/session/s-1');
    expect(location.hash).toBe('#/session/s-1');
    expect(history.length).toBe(length + 1);
  });
});

describe('match', () => {
  it('gives the parameters, decoded', () => {
    expect(match('/session/:id', '/session/s%201')).toEqual({ id: 's 1' });
    expect(match('/a/:x/b/:y', '/a/1/b/2')).toEqual({ x: '1', y: '2' });
  });

  it('refuses other lengths and other fixed parts', () => {
    expect(match('/session/:id', '/session')).toBeNull();
    expect(match('/session/:id', '/session/s-1/extra')).toBeNull();
    expect(match('/session/:id', '/session/s-1/')).toBeNull();
    expect(match('/session/:id', '/sessions/s-1')).toBeNull();
  });

  it('takes an empty parameter as empty', () => {
    expect(match('/session/:id', '/session/')).toEqual({ id: '' });
  });

  it('refuses a parameter that is not valid percent-encoding instead of throwing', () => {
    expect(match('/session/:id', '/session/%E0%A4%A')).toBeNull();
    expect(match('/session/:id', '/session/100%')).toBeNull();
  });
});
