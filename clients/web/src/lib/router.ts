import { useEffect, useState } from 'preact/hooks';

/** A hash route: `#/session/s-1?x=y` is path `/session/s-1` with query `x=y`. The page path stays `/`. */
export interface Route {
  path: string;
  query: URLSearchParams;
}

export function currentRoute(): Route {
  const hash = location.hash.replace(/^#/, '') || '/';
  const at = hash.indexOf('?');
  const path = at < 0 ? hash : hash.slice(0, at);
  return { path: path.startsWith('/') ? path : '/' + path, query: new URLSearchParams(at < 0 ? '' : hash.slice(at + 1)) };
}

/** The route as written in the hash, without '#'. */
export function routeString(route: Route = currentRoute()): string {
  const q = route.query.toString();
  return route.path + (q ? '?' + q : '');
}

export function navigate(to: string, replace = false): void {
  const target = '#' + (to.startsWith('/') ? to : '/' + to);
  if (location.hash === target) {
    return;
  }
  if (replace) {
    history.replaceState(null, '', target);
    window.dispatchEvent(new HashChangeEvent('hashchange'));
  } else {
    location.hash = target;
  }
}

export function useRoute(): Route {
  const [route, setRoute] = useState(currentRoute);
  useEffect(() => {
    const changed = () => setRoute(currentRoute());
    window.addEventListener('hashchange', changed);
    return () => window.removeEventListener('hashchange', changed);
  }, []);
  return route;
}

/**
 * Matches `pattern` (e.g. `/session/:id`) against a path; the parameters, or null. A parameter
 * that is not valid percent-encoding (a mistyped address) does not match: the page says there
 * is no such screen instead of failing.
 */
export function match(pattern: string, path: string): Record<string, string> | null {
  const p = pattern.split('/');
  const a = path.split('/');
  if (p.length !== a.length) {
    return null;
  }
  const params: Record<string, string> = {};
  for (let i = 0; i < p.length; i++) {
    if (p[i].startsWith(':')) {
      try {
        params[p[i].slice(1)] = decodeURIComponent(a[i]);
      } catch {
        return null;
      }
    } else if (p[i] !== a[i]) {
      return null;
    }
  }
  return params;
}
