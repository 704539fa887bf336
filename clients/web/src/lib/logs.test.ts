import { describe, expect, it } from 'vitest';
import { isModelChange, ofJob, type LogRecord } from './logs';

const record = (fields: Partial<LogRecord>): LogRecord => ({ seq: 1, time: '2026-12-07T10:00:00Z', level: 'INFO', service: 'model', message: 'm', ...fields });

describe('isModelChange', () => {
  it("takes the model's INFO lines of the actions that change it", () => {
    expect(isModelChange(record({ action: 'Model.Save', message: "carol saved v7: added entity 'Box 2'" }))).toBe(true);
    expect(isModelChange(record({ action: 'Model.Checkout', level: 'info' }))).toBe(true);
    expect(isModelChange(record({ action: 'Model.DeleteProject' }))).toBe(true);
  });

  it('leaves out reads, other services, warnings and records without an action', () => {
    expect(isModelChange(record({ action: 'Model.Diff' }))).toBe(false);
    expect(isModelChange(record({ action: 'Model.Save', service: 'relay' }))).toBe(false);
    expect(isModelChange(record({ action: 'Model.Save', level: 'WARN' }))).toBe(false);
    expect(isModelChange(record({}))).toBe(false);
  });
});

describe('ofJob', () => {
  it("keeps one job's records, or all", () => {
    const records = [record({ seq: 1, job: 'j1' }), record({ seq: 2 }), record({ seq: 3, job: 'j2' })];
    expect(ofJob(records, 'j1').map((r) => r.seq)).toEqual([1]);
    expect(ofJob(records, null)).toHaveLength(3);
  });
});
