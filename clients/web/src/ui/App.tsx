import { useEffect, useRef, useState } from 'preact/hooks';
import { currentLogin, isAdmin, logOut, onLoginChange, resume } from '../lib/api';
import { currentRoute, match, navigate, routeString, useRoute } from '../lib/router';
import { Notices, clearNotices } from './common';
import { Login } from './Login';
import { Projects } from './Projects';
import { Users } from './Users';
import { Groups } from './Groups';
import { SessionPage } from './SessionPage';

const TITLES: Record<string, string> = {
  '/login': 'Log in',
  '/projects': 'Projects',
  '/users': 'Users',
  '/groups': 'Groups',
};

export function App() {
  const route = useRoute();
  const [login, setLogin] = useState(currentLogin());
  // A new tab or a reload first takes up the browser's login (the gateway's cookie), if there is one.
  const [resuming, setResuming] = useState(!currentLogin());
  const main = useRef<HTMLElement>(null);
  useEffect(() => {
    const stop = onLoginChange((next) => {
      if (!next) {
        clearNotices();
      }
      setLogin(next);
    });
    resume()
      .catch(() => false)
      .finally(() => setResuming(false));
    return stop;
  }, []);

  // Logged in from another tab while this one showed the login: go where the login would have gone.
  useEffect(() => {
    if (login && route.path === '/login') {
      const next = route.query.get('next');
      navigate(next && next.startsWith('/') && !next.startsWith('/login') ? next : '/projects', true);
    }
  }, [login, route.path]);

  // Not logged in: every screen but the login goes to the login, remembering where it was.
  const needsLogin = !resuming && !login && route.path !== '/login';
  useEffect(() => {
    if (needsLogin && currentRoute().path !== '/login') {
      const next = route.path === '/' ? '' : '?next=' + encodeURIComponent(routeString(route));
      navigate('/login' + next, true);
    } else if (route.path === '/' || route.path === '') {
      navigate('/projects', true);
    }
  }, [needsLogin, route.path]);

  // A new screen: its title, and focus on the main region so keyboard and screen reader users start there.
  useEffect(() => {
    const session = match('/session/:id', route.path);
    document.title = (session ? 'Session' : (TITLES[route.path] ?? 'OpenTwin/J')) + ' · OpenTwin/J';
    window.scrollTo(0, 0);
    main.current?.focus({ preventScroll: true });
  }, [route.path]);

  if (resuming || needsLogin) {
    return null;
  }
  const session = match('/session/:id', route.path);
  let screen;
  if (route.path === '/login') {
    screen = <Login next={route.query.get('next')} expired={route.query.get('expired') === '1'} />;
  } else if (route.path === '/projects') {
    screen = <Projects />;
  } else if (route.path === '/users' && isAdmin()) {
    screen = <Users />;
  } else if (route.path === '/groups') {
    screen = <Groups />;
  } else if (session) {
    screen = <SessionPage key={session.id} session={session.id} />;
  } else {
    screen = (
      <section class="page narrow">
        <h1>Not found</h1>
        <p>
          There is no screen at <code>{route.path}</code>. <a href="#/projects">Go to the projects</a>.
        </p>
      </section>
    );
  }
  const wide = !!session;
  const bare = route.path === '/login';
  return (
    <>
      <a class="skip-link" href="#main" onClick={(e) => (e.preventDefault(), main.current?.focus())}>
        Skip to content
      </a>
      {login && (
        <header class="topbar">
          <a class="brand" href="#/projects" aria-label="OpenTwin/J, projects">
            <span class="brand-mark" aria-hidden="true">
              ◆
            </span>
            OpenTwin/J
          </a>
          <nav aria-label="Main">
            <a href="#/projects" aria-current={route.path === '/projects' ? 'page' : undefined}>
              Projects
            </a>
            <a href="#/groups" aria-current={route.path === '/groups' ? 'page' : undefined}>
              Groups
            </a>
            {login.roles.includes('admin') && (
              <a href="#/users" aria-current={route.path === '/users' ? 'page' : undefined}>
                Users
              </a>
            )}
          </nav>
          <div class="topbar-user">
            <span class="user-name" title={login.roles.join(', ')}>
              {login.user}
            </span>
            <button
              type="button"
              class="button button-quiet"
              onClick={async () => {
                await logOut();
                navigate('/login', true);
              }}
            >
              Log out
            </button>
          </div>
        </header>
      )}
      {/* Before the page: on phones the notices are a bar in the flow under the top bar (styles.css). */}
      <Notices />
      <main id="main" ref={main} tabIndex={-1} class={bare ? 'main main-bare' : wide ? 'main main-wide' : 'main'}>
        {screen}
      </main>
    </>
  );
}
