import { describe, expect, it } from 'vitest';
import type { JobView } from './contract';
import { formatRemaining, jobOfPush, jobStatusText, mergeJobs, orderJobs, upsertJob, visibleJobs } from './jobs';

const job = (fields: Partial<JobView> = {}): JobView => ({
  id: 'j1',
  service: 'compute-test',
  command: 'Work.Slow',
  title: 'Slow work',
  user: 'admin',
  state: 'RUNNING',
  fraction: 0.5,
  created: '2026-12-07T10:00:00Z',
  ...fields,
});

describe('the job board', () => {
  it('adds new jobs and replaces a job by its newer view', () => {
    let board = upsertJob([], job({ fraction: 0.1 }));
    board = upsertJob(board, job({ id: 'j2' }));
    board = upsertJob(board, job({ fraction: 0.3 }));
    expect(board.map((j) => [j.id, j.fraction])).toEqual([
      ['j1', 0.3],
      ['j2', 0.5],
    ]);
  });

  it('never brings an ended job back, nor takes a late progress report', () => {
    const done = upsertJob([job()], job({ state: 'DONE', fraction: 1 }));
    expect(upsertJob(done, job({ state: 'RUNNING', fraction: 0.9 }))[0].state).toBe('DONE');
    expect(upsertJob([job({ fraction: 0.6 })], job({ fraction: 0.4 }))[0].fraction).toBe(0.6);
    expect(upsertJob([job({ state: 'QUEUED', fraction: 0 })], job({ fraction: 0 }))[0].state).toBe('RUNNING');
  });

  it('merges a Job.List answer and orders running, queued, then ended jobs, newest first', () => {
    const board = mergeJobs([job({ id: 'a', state: 'DONE', created: '2026-12-07T10:00:03Z' })], [
      job({ id: 'b', state: 'QUEUED', created: '2026-12-07T10:00:02Z' }),
      job({ id: 'c', created: '2026-12-07T10:00:01Z' }),
      job({ id: 'd', created: '2026-12-07T10:00:04Z' }),
    ]);
    expect(orderJobs(board).map((j) => j.id)).toEqual(['d', 'c', 'b', 'a']);
  });

  it('lets ended jobs fade after a while', () => {
    const board = [job({ id: 'run' }), job({ id: 'old', state: 'DONE' }), job({ id: 'new', state: 'FAILED' }), job({ id: 'unseen', state: 'CANCELLED' })];
    const seen = new Map([
      ['old', 1_000],
      ['new', 25_000],
    ]);
    expect(visibleJobs(board, seen, 30_000, 20_000).map((j) => j.id)).toEqual(['run', 'new', 'unseen']);
  });

  it('takes jobs out of relay pushes, nothing else', () => {
    expect(jobOfPush({ event: 'job', job: job() })?.id).toBe('j1');
    expect(jobOfPush({ event: 'model.changed', version: 3 })).toBeNull();
    expect(jobOfPush({ event: 'job', job: null })).toBeNull();
  });
});

describe('job texts', () => {
  it('say the time left in fitting units', () => {
    expect(formatRemaining(undefined)).toBe('');
    expect(formatRemaining(12_300)).toBe('13 s left');
    expect(formatRemaining(185_000)).toBe('about 3 min left');
    expect(formatRemaining(2 * 3600_000)).toBe('about 2 h left');
  });

  it('say what a job does or how it ended', () => {
    expect(jobStatusText(job({ fraction: 0.426, message: 'step 4 of 10', remainingMs: 5000 }))).toBe('42% · step 4 of 10 · 5 s left');
    expect(jobStatusText(job({ state: 'QUEUED' }))).toBe('queued');
    expect(jobStatusText(job({ state: 'DONE', version: 7 }))).toBe('done: saved as version 7');
    expect(jobStatusText(job({ state: 'FAILED', reason: 'failed at 30% as asked' }))).toBe('failed: failed at 30% as asked');
    expect(jobStatusText(job({ state: 'CANCELLED', fraction: 0.4, reason: 'cancelled by admin', partial: true, version: 8 }))).toBe(
      'cancelled at 40% (cancelled by admin); partial results kept in version 8',
    );
    expect(jobStatusText(job({ state: 'CANCELLED', fraction: 0.1 }))).toBe('cancelled at 10%; nothing saved');
  });
});
