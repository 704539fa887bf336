import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Login } from './Login';

const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json', ...headers } });

let root: HTMLElement;

beforeEach(() => {
  root = document.createElement('div');
  document.body.append(root);
  history.replaceState(null, '', '/#/login');
});

afterEach(() => {
  render(null, root);
  root.remove();
});

function type(input: HTMLInputElement, value: string) {
  input.value = value;
  input.dispatchEvent(new Event('input', { bubbles: true }));
}

/** Fills the form and submits it; resolves once the answer is on the screen. */
async function submit(user: string, password: string) {
  const name = root.querySelector<HTMLInputElement>('#login-user')!;
  const secret = root.querySelector<HTMLInputElement>('#login-password')!;
  await act(() => {
    type(name, user);
    type(secret, password);
  });
  await act(async () => {
    root.querySelector('form')!.dispatchEvent(new Event('submit', { bubbles: true, cancelable: true }));
  });
  await vi.waitFor(() => expect(root.querySelector('button[type=submit]')!.hasAttribute('disabled')).toBe(false));
  return { name, secret };
}

describe('the login form', () => {
  it('after a refused login clears the password, puts the cursor there and shows the whole reason', async () => {
    const reason = 'wrong user name or password; 2 attempts left before the account is locked for 15 minutes';
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => json(401, { status: 'error', reason, attemptsLeft: 2 })),
    );
    await act(() => render(<Login next={null} expired={false} />, root));
    const { name, secret } = await submit('carol', 'not-her-password');
    await vi.waitFor(() => expect(root.querySelector('[role=alert]')?.textContent).toBe(reason));
    expect(secret.value).toBe('');
    expect(document.activeElement).toBe(secret);
    expect(name.value).toBe('carol');
  });

  it('says when a locked account opens again, in local time, once', async () => {
    // Later today, as AUTH writes it: ISO-8601 UTC in whole seconds.
    const until = new Date(Math.min(Date.now() + 15 * 60_000, new Date().setHours(23, 59, 0, 0))).toISOString().replace(/\.\d+Z$/, 'Z');
    vi.stubGlobal(
      'fetch',
      vi.fn(async () =>
        json(429, { status: 'error', reason: `too many failed logins: the account is locked until ${until}`, lockedUntil: until, retryAfterSeconds: 900 }, { 'Retry-After': '900' }),
      ),
    );
    await act(() => render(<Login next={null} expired={false} />, root));
    const { secret } = await submit('carol', 'her-password');
    const local = new Date(until).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
    await vi.waitFor(() => expect(root.querySelector('[role=alert]')?.textContent).toContain(`locked until ${local}`));
    expect(root.querySelector('[role=alert]')!.textContent).toBe(`Too many failed logins: the account is locked until ${local}.`);
    expect(secret.value).toBe('');
  });
});
