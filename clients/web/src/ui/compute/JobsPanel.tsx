import { useEffect, useRef, useState } from 'preact/hooks';
import { describe } from '../../lib/api';
import type { JobView } from '../../lib/contract';
import { ENDED_KEEP_MS, isEnded, jobOfPush, jobStatusText, mergeJobs, orderJobs, upsertJob, visibleJobs } from '../../lib/jobs';
import type { RelayClient } from '../../lib/relay';
import { notify } from '../common';

/**
 * A progress bar for every job of the session, several at once: title, fraction, what it does,
 * time left, Cancel. Fed by the `job` events the Model pushes through the relay, and by Job.List
 * when the page opens, after a reconnect, and when `kick` changes (a command just started one).
 * An ended job shows DONE, FAILED with the reason, or CANCELLED (partial results noted), then fades.
 */
export function JobsPanel({ relay, readOnly, kick, onLogs }: { relay: RelayClient; readOnly: boolean; kick: number; onLogs: (job: JobView) => void }) {
  const [board, setBoard] = useState<JobView[]>([]);
  const [now, setNow] = useState(Date.now());
  const endedSeen = useRef(new Map<string, number>());
  const [trouble, setTrouble] = useState<string | null>(null);

  const take = (update: (old: JobView[]) => JobView[]) =>
    setBoard((old) => {
      const next = update(old);
      const t = Date.now();
      next.filter(isEnded).forEach((j) => endedSeen.current.has(j.id) || endedSeen.current.set(j.id, t));
      return next;
    });

  useEffect(() => {
    let live = true;
    const list = () =>
      relay.request<{ jobs: JobView[] }>('model', { action: 'Job.List' }).then(
        (reply) => {
          if (!live) return;
          // Jobs that ended a while before this page saw them are not news: they are not shown.
          const t = Date.now();
          for (const j of reply.jobs ?? []) {
            if (isEnded(j) && !endedSeen.current.has(j.id) && j.ended && t - Date.parse(j.ended) > ENDED_KEEP_MS) {
              endedSeen.current.set(j.id, 0);
            }
          }
          take((old) => mergeJobs(old, reply.jobs ?? []));
          setTrouble(null);
        },
        (e) => {
          // Shown with the bars when there are some; an empty board stays out of the way (a
          // platform whose Model keeps no jobs), and the reason goes to the console.
          console.warn('Job.List failed: ' + describe(e));
          if (live) setTrouble(describe(e));
        },
      );
    list();
    const offPush = relay.onPush((push) => {
      const job = jobOfPush(push.message);
      if (job) take((old) => upsertJob(old, job));
    });
    const offResume = relay.onResume(list);
    return () => {
      live = false;
      offPush();
      offResume();
    };
  }, [relay, kick]);

  const shown = orderJobs(visibleJobs(board, endedSeen.current, now));
  const fading = shown.some(isEnded);
  useEffect(() => {
    if (!fading) return;
    const t = window.setInterval(() => setNow(Date.now()), 1000);
    return () => window.clearInterval(t);
  }, [fading]);

  if (shown.length === 0) {
    return null;
  }
  return (
    <section class="jobs" aria-label="Jobs">
      {trouble && (
        <p class="muted small" role="status">
          Cannot list the jobs: {trouble}
        </p>
      )}
      <ul class="job-list">
        {shown.map((job) => (
          <li key={job.id} class={`job job-${job.state.toLowerCase()}`} data-job={job.id} data-command={`${job.service}/${job.command}`}>
            <div class="job-head">
              <span class="job-title">{job.title}</span>
              <span class={`badge badge-${badgeOf(job)}`}>{job.state}</span>
              <span class="muted small">{job.user}</span>
            </div>
            <progress class="job-bar" max={1} value={job.state === 'QUEUED' ? undefined : job.fraction} aria-label={`${job.title}: ${Math.floor(job.fraction * 100)}%`} />
            <div class="job-foot">
              <span class="job-status" role={job.state === 'FAILED' ? 'alert' : undefined}>
                {jobStatusText(job)}
              </span>
              <span class="job-actions">
                <button type="button" class="link-button" onClick={() => onLogs(job)}>
                  logs<span class="sr-only"> of {job.title}</span>
                </button>
                {!isEnded(job) && !readOnly && (
                  <button
                    type="button"
                    class="button button-small"
                    onClick={async () => {
                      try {
                        const view = await relay.request<JobView>('model', { action: 'Job.Cancel', job: job.id }, { retry: false });
                        if (view && view.id) take((old) => upsertJob(old, view));
                      } catch (e) {
                        notify('error', `Cannot cancel ${job.title}: ${describe(e)}`);
                      }
                    }}
                  >
                    Cancel<span class="sr-only"> {job.title}</span>
                  </button>
                )}
              </span>
            </div>
          </li>
        ))}
      </ul>
    </section>
  );
}

function badgeOf(job: JobView): string {
  return { QUEUED: 'wait', RUNNING: 'wait', DONE: 'ok', FAILED: 'bad', CANCELLED: 'muted' }[job.state];
}
