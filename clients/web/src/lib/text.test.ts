import { describe, expect, it } from 'vitest';
import { count } from './text';

describe('count', () => {
  it('says one in the singular, and none or many in the plural', () => {
    expect(count(1, 'entity', 'entities')).toBe('1 entity');
    expect(count(0, 'entity', 'entities')).toBe('0 entities');
    expect(count(2, 'record')).toBe('2 records');
  });
});
