/** The session's jobs as the job board shows them, and pure helpers over JobViews (no I/O here). */
import { JOB_ENDED, type JobView } from './contract';

export type { JobState, JobView } from './contract';

/** How long an ended job stays on the board before it fades (ms). */
export const ENDED_KEEP_MS = 20_000;

export function isEnded(job: JobView): boolean {
  return JOB_ENDED.includes(job.state);
}

/**
 * The board with a job's new view in place of its old one. An ended job's view is final: a
 * late event of an earlier state (events and Job.List answers may cross) does not bring it back.
 */
export function upsertJob(board: JobView[], job: JobView): JobView[] {
  const i = board.findIndex((j) => j.id === job.id);
  if (i < 0) {
    return [...board, job];
  }
  const old = board[i];
  if (isEnded(old) && !isEnded(job)) {
    return board;
  }
  if (!isEnded(old) && !isEnded(job) && job.state === old.state && job.fraction < old.fraction) {
    return board; // an older progress report arriving late
  }
  const next = board.slice();
  next[i] = job;
  return next;
}

/** The board after a Job.List answer: every listed job merged in (running ones first kept as they are newer). */
export function mergeJobs(board: JobView[], listed: JobView[]): JobView[] {
  return listed.reduce(upsertJob, board);
}

/** Running, then queued, then ended ones; newest first within each. */
export function orderJobs(board: JobView[]): JobView[] {
  const rank = (j: JobView) => (j.state === 'RUNNING' ? 0 : j.state === 'QUEUED' ? 1 : 2);
  return board.slice().sort((a, b) => rank(a) - rank(b) || Date.parse(b.created) - Date.parse(a.created));
}

/**
 * The jobs still shown at `now`: those not ended, and ended ones seen ending less than `keepMs`
 * ago (`endedSeen`: when this page first saw each end; an unknown one counts as seen now).
 */
export function visibleJobs(board: JobView[], endedSeen: Map<string, number>, now: number, keepMs = ENDED_KEEP_MS): JobView[] {
  return board.filter((j) => !isEnded(j) || now - (endedSeen.get(j.id) ?? now) < keepMs);
}

/** "12 s left", "about 3 min left", "about 2 h left"; '' when not known. */
export function formatRemaining(ms: number | null | undefined): string {
  if (ms == null || !Number.isFinite(ms) || ms < 0) {
    return '';
  }
  const s = Math.ceil(ms / 1000);
  if (s < 60) return `${s} s left`;
  const min = Math.round(s / 60);
  if (min < 60) return `about ${min} min left`;
  return `about ${Math.round(min / 60)} h left`;
}

/** The line under a job's bar: what it does now, or how it ended. */
export function jobStatusText(job: JobView): string {
  const percent = `${Math.floor(job.fraction * 100)}%`;
  switch (job.state) {
    case 'QUEUED':
      return 'queued';
    case 'RUNNING':
      return [percent, job.message, formatRemaining(job.remainingMs)].filter(Boolean).join(' · ');
    case 'DONE':
      return job.version != null ? `done: saved as version ${job.version}` : 'done';
    case 'FAILED':
      return `failed: ${job.reason ?? 'no reason given'}`;
    case 'CANCELLED': {
      const partial = job.partial ? `; partial results kept${job.version != null ? ` in version ${job.version}` : ''}` : '; nothing saved';
      return `cancelled at ${percent}${job.reason ? ` (${job.reason})` : ''}${partial}`;
    }
  }
}

/** The job in a push from the relay ({"event":"job","job":...}), or null for other pushes. */
export function jobOfPush(message: Record<string, unknown>): JobView | null {
  if (message.event !== 'job' || typeof message.job !== 'object' || message.job === null) {
    return null;
  }
  const job = message.job as JobView;
  return typeof job.id === 'string' && typeof job.state === 'string' ? job : null;
}
