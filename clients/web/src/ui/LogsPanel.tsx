import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError, call, describe, sleep } from '../lib/api';
import type { JobView, LogsRequest } from '../lib/contract';
import { isModelChange, ofJob, type LogRecord } from '../lib/logs';
import { count } from '../lib/text';

const KEEP = 1000;

/**
 * The session's own log records as they come (Session.Logs long polls), filtered by level, or
 * to the model's changes only (who saved, undid, checked out... which version), or to one job's
 * records (`job`, chosen from a job's bar; the GSS filters, and so does the pane for records
 * already shown).
 */
export function LogsPanel({ session, job = null, onAllJobs }: { session: string; job?: JobView | null; onAllJobs?: () => void }) {
  const [records, setRecords] = useState<LogRecord[]>([]);
  const [level, setLevel] = useState('');
  const [onlyChanges, setOnlyChanges] = useState(false);
  const [paused, setPaused] = useState(false);
  const [trouble, setTrouble] = useState<string | null>(null);
  const [loaded, setLoaded] = useState(false);
  const box = useRef<HTMLDivElement>(null);
  const stick = useRef(true);

  useEffect(() => {
    if (paused) {
      return;
    }
    const abort = new AbortController();
    setRecords([]);
    setLoaded(false);
    (async () => {
      let after = 0;
      let failures = 0;
      while (!abort.signal.aborted) {
        try {
          const fields: LogsRequest = { session, after, waitMs: after === 0 ? 0 : 20_000 };
          if (level) fields.level = level;
          const reply = await call<{ records: LogRecord[]; next: number }>('gss', 'Session.Logs', job ? { ...fields, job: job.id } : { ...fields }, abort.signal);
          after = reply.next;
          if (reply.records.length) {
            setRecords((r) => [...r, ...reply.records].slice(-KEEP));
          }
          setLoaded(true);
          setTrouble(null);
          failures = 0;
        } catch (e) {
          if (abort.signal.aborted) {
            return;
          }
          failures++;
          setTrouble(describe(e));
          if (e instanceof ApiError && (e.status === 403 || e.status === 404)) {
            return;
          }
          await sleep(Math.min(15_000, 1000 * 2 ** Math.min(failures, 4)), abort.signal).catch(() => undefined);
        }
      }
    })();
    return () => abort.abort();
  }, [session, level, paused, job?.id]);

  const ofThisJob = ofJob(records, job?.id ?? null);
  const shown = onlyChanges ? ofThisJob.filter(isModelChange) : ofThisJob;

  useEffect(() => {
    if (stick.current && box.current) {
      box.current.scrollTop = box.current.scrollHeight;
    }
  }, [records, onlyChanges]);

  return (
    <div class="logs">
      <div class="logs-bar">
        <label for="log-level">Level</label>
        <select id="log-level" value={level} onChange={(e) => setLevel((e.target as HTMLSelectElement).value)}>
          <option value="">all</option>
          <option value="debug">debug and above</option>
          <option value="info">info and above</option>
          <option value="warn">warnings and errors</option>
          <option value="error">errors</option>
        </select>
        <label for="log-show">Show</label>
        <select id="log-show" value={onlyChanges ? 'changes' : 'all'} onChange={(e) => setOnlyChanges((e.target as HTMLSelectElement).value === 'changes')}>
          <option value="all">all records</option>
          <option value="changes">model changes</option>
        </select>
        {job && (
          <span class="chip job-filter">
            job: {job.title}
            <button type="button" class="link-button" onClick={onAllJobs}>
              Show all jobs
            </button>
          </span>
        )}
        <button type="button" class="button button-small" aria-pressed={paused} onClick={() => setPaused(!paused)}>
          {paused ? 'Resume' : 'Pause'}
        </button>
        <span class="muted small">
          {onlyChanges || job ? `${shown.length} of ${count(records.length, 'record')}` : count(records.length, 'record')}
          {paused ? ' (paused)' : loaded ? ', following' : ''}
        </span>
      </div>
      {trouble && (
        <p class="error-text" role="alert">
          Cannot read the logs: {trouble}
        </p>
      )}
      <div
        class="log-box"
        ref={box}
        role="log"
        aria-live="off"
        aria-label="Session log records"
        tabIndex={0}
        onScroll={(e) => {
          const el = e.currentTarget as HTMLDivElement;
          stick.current = el.scrollHeight - el.scrollTop - el.clientHeight < 24;
        }}
      >
        {loaded && shown.length === 0 && <p class="muted">{onlyChanges ? 'No model changes yet.' : job ? 'No records of this job yet.' : 'No records yet.'}</p>}
        {shown.map((r) => (
          <div key={r.seq} class={`log-line level-${r.level.toLowerCase()}` + (isModelChange(r) ? ' model-change' : '')}>
            <time dateTime={r.time}>{r.time.replace(/^.*T/, '').replace(/Z$/, '').slice(0, 12)}</time>
            <span class="log-level">{r.level}</span>
            <span class="log-service">{r.service}</span>
            <span class="log-message">{r.message}</span>
          </div>
        ))}
      </div>
    </div>
  );
}
