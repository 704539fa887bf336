/**
 * The websocket to a session's services through the relay, on the page's own origin
 * (`wss://<location.host>/relay?session=S`, subprotocols `opentwin.v1` and `bearer.<accessToken>`):
 * the web service bridges it to the relay, so the browser accepts one certificate, the web
 * service's, and the relay still checks the token itself.
 *
 * - Requests are numbered; replies come in any order and settle their promise.
 * - After a drop it reconnects with back-off (0.5 s doubling to 15 s, with jitter) and
 *   resumes: requests that got no reply are sent again, and `resumed` listeners re-read
 *   what they show. A refused token (4401) refreshes the login first; a refresh that fails
 *   ends the login (the page goes to the login screen).
 * - A refreshed token replaces the connection's token (`{"type":"token"}`) without a reconnect.
 * - 4403 and 4404 end the connection for good; 4409 (session not running) keeps retrying,
 *   slowly, since the session view learns the session's fate from the GSS meanwhile.
 */
import { currentLogin, onLoginChange, refresh } from './api';

export type RelayState = 'connecting' | 'open' | 'reconnecting' | 'closed' | 'failed';

export interface RelayStatus {
  state: RelayState;
  /** why the last connection ended, or why it failed for good */
  detail?: string;
  /** when the next attempt is due (epoch ms), while reconnecting */
  retryAt?: number;
  attempts: number;
  /** whether a connection was ever open */
  everOpen: boolean;
}

/** A refusal from a session service (or the relay), with its HTTP status and reason. */
export class RelayError extends Error {
  constructor(
    readonly status: number,
    readonly reason: string,
  ) {
    super(reason);
    this.name = 'RelayError';
  }
}

interface Pending {
  id: number;
  frame: string;
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
  timer: number;
  /** whether to send it again on a new connection when the old one dropped before the reply */
  retry: boolean;
  sent: boolean;
}

export interface Push {
  service: string;
  message: Record<string, unknown>;
}

const TIMEOUT_MS = 90_000;

export class RelayClient {
  private socket: WebSocket | null = null;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private status: RelayStatus = { state: 'connecting', attempts: 0, everOpen: false };
  private retryTimer: number | undefined;
  private stopped = false;
  private readonly statusListeners = new Set<(status: RelayStatus) => void>();
  private readonly pushListeners = new Set<(push: Push) => void>();
  private readonly resumeListeners = new Set<() => void>();
  private readonly unsubscribeLogin: () => void;

  /** @param host the web service's `host:port` (the page's own by default) */
  constructor(
    private readonly session: string,
    private readonly host: string = location.host,
  ) {
    this.unsubscribeLogin = onLoginChange((login) => {
      if (login && this.socket && this.socket.readyState === WebSocket.OPEN) {
        this.socket.send(JSON.stringify({ type: 'token', token: login.accessToken }));
      }
    });
    this.connect();
  }

  /** `wss://host:port/relay?session=S`, on the web service's origin (which bridges it to the relay). */
  static socketUrl(host: string, session: string): string {
    if (!host || /[/?#@\s]/.test(host)) {
      throw new Error(`not a host:port: '${host}'`);
    }
    return `wss://${host}/relay?session=${encodeURIComponent(session)}`;
  }

  get current(): RelayStatus {
    return this.status;
  }

  onStatus(listener: (status: RelayStatus) => void): () => void {
    this.statusListeners.add(listener);
    return () => this.statusListeners.delete(listener);
  }

  onPush(listener: (push: Push) => void): () => void {
    this.pushListeners.add(listener);
    return () => this.pushListeners.delete(listener);
  }

  /** Called after a reconnect: re-read everything shown, pushes may have been missed. */
  onResume(listener: () => void): () => void {
    this.resumeListeners.add(listener);
    return () => this.resumeListeners.delete(listener);
  }

  /**
   * Sends a message to a service of the session; resolves with the reply's result. With
   * `retry` (the default) a request whose connection dropped before the reply is sent again
   * on the next connection; give `retry: false` for actions that must not run twice (undo,
   * redo): those fail instead, and the caller re-reads the model.
   */
  request<T = unknown>(service: string, message: Record<string, unknown>, options: { timeoutMs?: number; retry?: boolean } = {}): Promise<T> {
    const timeoutMs = options.timeoutMs ?? TIMEOUT_MS;
    if (this.stopped) {
      return Promise.reject(new RelayError(0, 'the connection to the session is closed'));
    }
    const id = this.nextId++;
    const frame = JSON.stringify({ id, service, message });
    return new Promise<T>((resolve, reject) => {
      const timer = window.setTimeout(() => {
        this.pending.delete(id);
        reject(new RelayError(504, `no reply from ${service} within ${Math.round(timeoutMs / 1000)} s`));
      }, timeoutMs);
      this.pending.set(id, { id, frame, resolve: resolve as (v: unknown) => void, reject, timer, retry: options.retry ?? true, sent: false });
      if (this.socket && this.socket.readyState === WebSocket.OPEN && this.status.state === 'open') {
        this.socket.send(frame);
        this.pending.get(id)!.sent = true;
      }
      // Otherwise it goes out once the connection is (re)established.
    });
  }

  /** Drops the connection as a network failure would (for tests of the reconnect). */
  drop(): void {
    this.socket?.close(4000, 'dropped by the client');
  }

  close(): void {
    this.stopped = true;
    window.clearTimeout(this.retryTimer);
    this.unsubscribeLogin();
    this.socket?.close(1000, 'closed by the user');
    this.socket = null;
    for (const p of this.pending.values()) {
      window.clearTimeout(p.timer);
      p.reject(new RelayError(0, 'the connection to the session was closed'));
    }
    this.pending.clear();
    this.setStatus({ ...this.status, state: 'closed' });
  }

  private setStatus(status: RelayStatus): void {
    this.status = status;
    this.statusListeners.forEach((listener) => listener(status));
  }

  private connect(): void {
    if (this.stopped) {
      return;
    }
    const login = currentLogin();
    if (!login) {
      this.setStatus({ ...this.status, state: 'failed', detail: 'not logged in' });
      return;
    }
    const resuming = this.status.everOpen;
    this.setStatus({ ...this.status, state: resuming ? 'reconnecting' : 'connecting', retryAt: undefined });
    let socket: WebSocket;
    try {
      socket = new WebSocket(RelayClient.socketUrl(this.host, this.session), ['opentwin.v1', 'bearer.' + login.accessToken]);
    } catch (e) {
      this.setStatus({ ...this.status, state: 'failed', detail: String(e) });
      return;
    }
    this.socket = socket;
    socket.onmessage = (event) => this.received(socket, event.data, resuming);
    socket.onclose = (event) => {
      if (this.socket !== socket) {
        return;
      }
      this.socket = null;
      this.closed(event.code, event.reason);
    };
  }

  private received(socket: WebSocket, data: unknown, resuming: boolean): void {
    if (typeof data !== 'string') {
      return;
    }
    let frame: Record<string, unknown>;
    try {
      frame = JSON.parse(data);
    } catch {
      return;
    }
    switch (frame.type) {
      case 'welcome':
        this.setStatus({ state: 'open', attempts: 0, everOpen: true });
        // Requests that got no reply go out (again): they were not answered on the old connection.
        for (const p of this.pending.values()) {
          socket.send(p.frame);
          p.sent = true;
        }
        if (resuming) {
          this.resumeListeners.forEach((listener) => listener());
        }
        break;
      case 'reply': {
        const p = this.pending.get(Number(frame.id));
        if (!p) {
          return;
        }
        this.pending.delete(p.id);
        window.clearTimeout(p.timer);
        if (frame.status === 'ok') {
          p.resolve(frame.result);
        } else {
          p.reject(new RelayError(Number(frame.httpStatus ?? 500), String(frame.reason ?? 'refused')));
        }
        break;
      }
      case 'push':
        this.pushListeners.forEach((listener) =>
          listener({ service: String(frame.service), message: (frame.message ?? {}) as Record<string, unknown> }),
        );
        break;
      case 'error': {
        const p = frame.id === undefined ? undefined : this.pending.get(Number(frame.id));
        if (p) {
          this.pending.delete(p.id);
          window.clearTimeout(p.timer);
          p.reject(new RelayError(400, String(frame.reason)));
        }
        break;
      }
    }
  }

  private closed(code: number, reason: string): void {
    if (this.stopped) {
      return;
    }
    const detail = reason ? `${reason} (${code})` : `connection lost (${code})`;
    console.info(`relay: connection to session ${this.session} closed: ${detail}`);
    for (const p of [...this.pending.values()]) {
      if (!p.retry && p.sent) {
        this.pending.delete(p.id);
        window.clearTimeout(p.timer);
        p.reject(new RelayError(0, 'the connection dropped before the reply: it may or may not have happened; the view is re-read'));
      }
    }
    if (code === 4403 || code === 4404 || code === 4400) {
      for (const p of this.pending.values()) {
        window.clearTimeout(p.timer);
        p.reject(new RelayError(code - 4000, reason));
      }
      this.pending.clear();
      this.setStatus({ ...this.status, state: 'failed', detail });
      return;
    }
    if (code === 4401) {
      // The token was refused (expired while away): renew it, then reconnect at once.
      refresh()
        .then((ok) => {
          if (ok) {
            this.connect();
          } else {
            this.setStatus({ ...this.status, state: 'failed', detail: 'your login expired' });
          }
        })
        .catch(() => this.retry(detail));
      return;
    }
    this.retry(detail, code === 4409 ? 5_000 : 0);
  }

  private retry(detail: string, minimumMs = 0): void {
    const attempts = this.status.attempts + 1;
    const base = Math.min(15_000, 500 * 2 ** Math.min(attempts - 1, 5));
    const wait = Math.max(minimumMs, Math.round(base * (0.75 + Math.random() * 0.5)));
    this.setStatus({ ...this.status, state: 'reconnecting', detail, attempts, retryAt: Date.now() + wait });
    window.clearTimeout(this.retryTimer);
    this.retryTimer = window.setTimeout(() => this.connect(), wait);
  }

  /** Tries now instead of waiting for the back-off. */
  retryNow(): void {
    if (this.status.state === 'reconnecting' || this.status.state === 'failed') {
      window.clearTimeout(this.retryTimer);
      this.connect();
    }
  }
}
