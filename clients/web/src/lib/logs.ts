/** The session's log records as Session.Logs answers them, and pure helpers over them (no I/O here). */

/** One record (GSS keeps only these fields of the logger's records). */
export interface LogRecord {
  seq: number;
  time: string;
  level: string;
  service: string;
  message: string;
  action?: string;
  user?: string;
  /** the job it was logged for (a compute service's job) */
  job?: string;
}

/** The records of one job (all when `job` is null): the log pane's job filter. */
export function ofJob(records: LogRecord[], job: string | null): LogRecord[] {
  return job === null ? records : records.filter((r) => r.job === job);
}

/**
 * The Model service's actions that change the model: it logs each at INFO in words
 * ("carol saved v7: added entity 'Box 2'"), under the action's log context.
 */
export const MODEL_CHANGE_ACTIONS = [
  'Model.Save',
  'Model.Undo',
  'Model.Redo',
  'Model.Checkout',
  'Model.Label',
  'Model.Unlabel',
  'Model.Import',
  'Model.ApplyTemplate',
  'Model.DeleteProject',
] as const;

/** Whether a record is one of the model's change lines (who changed what, which version). */
export function isModelChange(r: LogRecord): boolean {
  return r.service === 'model' && r.level.toUpperCase() === 'INFO' && (MODEL_CHANGE_ACTIONS as readonly string[]).includes(r.action ?? '');
}
