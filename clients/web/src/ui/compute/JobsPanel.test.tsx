import { render } from 'preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { JobView } from '../../lib/contract';
import type { Push, RelayClient } from '../../lib/relay';
import { JobsPanel } from './JobsPanel';

const job = (fields: Partial<JobView> = {}): JobView => ({
  id: 'j1',
  service: 'compute-test',
  command: 'Work.Slow',
  title: 'Slow work',
  user: 'admin',
  state: 'RUNNING',
  fraction: 0.25,
  message: 'step 1 of 4',
  remainingMs: 9000,
  created: new Date().toISOString(),
  ...fields,
});

/** A relay that answers Job.List and Job.Cancel and lets the test push events. */
function fakeRelay(listed: JobView[]) {
  const pushes = new Set<(p: Push) => void>();
  const requests: Record<string, unknown>[] = [];
  const relay = {
    request: vi.fn(async (_service: string, message: Record<string, unknown>) => {
      requests.push(message);
      if (message.action === 'Job.List') return { jobs: listed };
      if (message.action === 'Job.Cancel') return job({ id: String(message.job), state: 'CANCELLED', reason: 'cancelled by admin', partial: true, version: 4 });
      throw new Error('unexpected ' + String(message.action));
    }),
    onPush: (l: (p: Push) => void) => (pushes.add(l), () => pushes.delete(l)),
    onResume: () => () => undefined,
  };
  const push = (message: Record<string, unknown>) => pushes.forEach((l) => l({ service: 'model', message }));
  return { relay: relay as unknown as RelayClient, requests, push };
}

const roots: HTMLElement[] = [];
afterEach(() => roots.splice(0).forEach((r) => (render(null, r), r.remove())));

async function mount(relay: RelayClient, onLogs = vi.fn()) {
  const root = document.createElement('div');
  document.body.appendChild(root);
  roots.push(root);
  render(<JobsPanel relay={relay} readOnly={false} kick={0} onLogs={onLogs} />, root);
  // The board asks Job.List once it is painted (an effect): wait for its rows.
  await vi.waitFor(() => expect(root.querySelector('[data-job="j1"]')).not.toBeNull());
  return { root, onLogs };
}
const row = (root: HTMLElement, id: string) => root.querySelector<HTMLElement>(`[data-job="${id}"]`);

describe('JobsPanel', () => {
  it('shows the listed jobs with their progress, then follows their events; several at once', async () => {
    const { relay, push } = fakeRelay([job()]);
    const { root } = await mount(relay);
    expect(row(root, 'j1')!.querySelector('.job-status')!.textContent).toBe('25% · step 1 of 4 · 9 s left');
    expect(row(root, 'j1')!.querySelector('progress')!.getAttribute('aria-label')).toBe('Slow work: 25%');
    push({ event: 'job', job: job({ id: 'j2', title: 'Other', fraction: 0.1, message: null, remainingMs: null }) });
    push({ event: 'job', job: job({ fraction: 0.75, message: 'step 3 of 4', remainingMs: 3000 }) });
    await vi.waitFor(() => expect(row(root, 'j1')!.querySelector('.job-status')!.textContent).toBe('75% · step 3 of 4 · 3 s left'));
    expect(root.querySelectorAll('.job')).toHaveLength(2);
    push({ event: 'job', job: job({ id: 'j2', title: 'Other', state: 'FAILED', reason: 'failed at 10% as asked' }) });
    await vi.waitFor(() => expect(row(root, 'j2')!.querySelector('.job-status')!.textContent).toBe('failed: failed at 10% as asked'));
    expect(row(root, 'j2')!.querySelector('button.button')).toBeNull();
  });

  it('cancels through the Model service and shows the partial results kept', async () => {
    const { relay, requests } = fakeRelay([job()]);
    const { root } = await mount(relay);
    [...row(root, 'j1')!.querySelectorAll('button')].find((b) => b.textContent!.startsWith('Cancel'))!.click();
    await vi.waitFor(() => expect(row(root, 'j1')!.querySelector('.badge')!.textContent).toBe('CANCELLED'));
    expect(requests).toContainEqual({ action: 'Job.Cancel', job: 'j1' });
    expect(row(root, 'j1')!.querySelector('.job-status')!.textContent).toBe('cancelled at 25% (cancelled by admin); partial results kept in version 4');
  });

  it("leaves out jobs that ended long before, and links a job's logs", async () => {
    const { relay } = fakeRelay([job({ id: 'old', state: 'DONE', ended: '2020-01-01T00:00:00Z' }), job()]);
    const { root, onLogs } = await mount(relay);
    expect(row(root, 'old')).toBeNull();
    [...row(root, 'j1')!.querySelectorAll('button')].find((b) => b.textContent!.startsWith('logs'))!.click();
    expect(onLogs).toHaveBeenCalledWith(expect.objectContaining({ id: 'j1' }));
  });
});
