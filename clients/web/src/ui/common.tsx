import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';

/* ---------- notices: one live region for the whole page ---------- */

export interface Notice {
  id: number;
  kind: 'info' | 'error' | 'success';
  text: string;
}

let notices: Notice[] = [];
let nextNotice = 1;
const noticeListeners = new Set<(all: Notice[]) => void>();

function publish(next: Notice[]) {
  notices = next;
  noticeListeners.forEach((l) => l(notices));
}

/** Where notices cover part of the page (a bar over the top of a phone's screen, see styles.css): there they go sooner. */
export const COMPACT = '(max-width: 760px)';

/** Shows a message in the page's live region; errors stay until dismissed, others for 6 s (3.5 s on phones). */
export function notify(kind: Notice['kind'], text: string): void {
  const notice = { id: nextNotice++, kind, text };
  publish([...notices.filter((n) => n.text !== text), notice].slice(-4));
  if (kind !== 'error') {
    // The screen's width when the time is up decides: a window can be narrowed meanwhile.
    window.setTimeout(() => {
      if (window.matchMedia(COMPACT).matches) {
        dismiss(notice.id);
      } else {
        window.setTimeout(() => dismiss(notice.id), 2500);
      }
    }, 3500);
  }
}

/** Drops every notice: they belong to the user who was logged in, not to the next one. */
export function clearNotices(): void {
  publish([]);
}

export function dismiss(id: number): void {
  publish(notices.filter((n) => n.id !== id));
}

export function Notices() {
  const [all, setAll] = useState(notices);
  useEffect(() => {
    noticeListeners.add(setAll);
    return () => noticeListeners.delete(setAll);
  }, []);
  return (
    <div class="notices" aria-live="polite" aria-relevant="additions">
      {all.map((n) => (
        <div key={n.id} class={`notice notice-${n.kind}`} role={n.kind === 'error' ? 'alert' : 'status'}>
          <span>{n.text}</span>
          <button type="button" class="icon-button" aria-label="Dismiss message" onClick={() => dismiss(n.id)}>
            ×
          </button>
        </div>
      ))}
    </div>
  );
}

/* ---------- small pieces ---------- */

export function Spinner({ label }: { label?: string }) {
  return <span class="spinner" role={label ? 'img' : undefined} aria-label={label} aria-hidden={label ? undefined : 'true'} />;
}

const STATE_CLASS: Record<string, string> = {
  RUNNING: 'ok',
  READY: 'ok',
  QUEUED: 'wait',
  STARTING: 'wait',
  RECOVERING: 'warn',
  RESTARTING: 'warn',
  CLOSING: 'wait',
  CLOSED: 'muted',
  STOPPED: 'muted',
  FAILED: 'bad',
  LOST: 'bad',
};

export function StateBadge({ state }: { state: string }) {
  return <span class={`badge badge-${STATE_CLASS[state] ?? 'muted'}`}>{state}</span>;
}

/** A labelled progress line for long operations (role=status, so screen readers hear it). */
export function Progress({ text, fraction }: { text: string; fraction?: number }) {
  return (
    <div class="progress" role="status">
      <Spinner />
      <span>{text}</span>
      {fraction !== undefined && (
        <progress max={1} value={fraction} aria-label={text}>
          {Math.round(fraction * 100)}%
        </progress>
      )}
    </div>
  );
}

export function ErrorText({ error }: { error: string | null }) {
  return error ? (
    <p class="error-text" role="alert">
      {error}
    </p>
  ) : null;
}

/* ---------- modal dialog on the native <dialog> (focus trap and Escape for free) ---------- */

export function Dialog({ title, onClose, children }: { title: string; onClose: () => void; children: ComponentChildren }) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useRef('dlg-' + Math.random().toString(36).slice(2)).current;
  useEffect(() => {
    const dialog = ref.current!;
    const opener = document.activeElement as HTMLElement | null;
    if (!dialog.open) {
      dialog.showModal();
    }
    const cancel = (e: Event) => {
      e.preventDefault();
      onClose();
    };
    dialog.addEventListener('cancel', cancel);
    return () => {
      dialog.removeEventListener('cancel', cancel);
      if (dialog.open) {
        dialog.close();
      }
      opener?.focus?.();
    };
  }, []);
  return (
    <dialog ref={ref} class="dialog" aria-labelledby={titleId}>
      <div class="dialog-head">
        <h2 id={titleId}>{title}</h2>
        <button type="button" class="icon-button" aria-label="Close dialog" onClick={onClose}>
          ×
        </button>
      </div>
      {children}
    </dialog>
  );
}

/** Runs an async action with a busy flag and an error message; the page stays usable meanwhile. */
export function useAction() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const mounted = useRef(true);
  useEffect(() => () => void (mounted.current = false), []);
  const run = async <T,>(work: () => Promise<T>, describeError: (e: unknown) => string): Promise<T | undefined> => {
    setBusy(true);
    setError(null);
    try {
      return await work();
    } catch (e) {
      if (mounted.current) {
        setError(describeError(e));
      }
      return undefined;
    } finally {
      if (mounted.current) {
        setBusy(false);
      }
    }
  };
  return { busy, error, setError, run };
}
