import { describe, expect, it } from 'vitest';
import { NAME_RULES } from './contract';
import { checkName, codePoints, trimName } from './names';

const FAMILY = '\u{1F468}\u200D\u{1F469}\u200D\u{1F467}'; // 5 code points, 8 UTF-16 units

describe('name rules (the same sentences as NameRuleTest on the servers)', () => {
  it('takes identifiers for users and groups, the same rule for both', () => {
    expect(NAME_RULES.GROUP.description).toBe(NAME_RULES.USER.description);
    expect(checkName('GROUP', 'team.rf@lab').problem).toBeNull();
    expect(checkName('USER', ' bob ')).toEqual({ name: 'bob', length: 3, problem: null });
    expect(checkName('USER', 'bob 🚀').problem).toBe(
      "the user name 'bob 🚀' is not allowed: user names are 1 to 64 letters, digits, '.', '_', '@' or '-', starting with a letter or digit",
    );
    expect(checkName('GROUP', '-team').problem).toContain('is not allowed');
  });

  it('checks lengths at their boundaries, in code points', () => {
    expect(checkName('USER', 'a'.repeat(64)).problem).toBeNull();
    expect(checkName('USER', 'a'.repeat(65)).problem).toBe(
      "the user name has 65 characters, 1 too many: user names are 1 to 64 letters, digits, '.', '_', '@' or '-', starting with a letter or digit",
    );
    const rockets = '🚀'.repeat(200);
    expect(rockets.length).toBe(400);
    expect(checkName('PROJECT', rockets)).toEqual({ name: rockets, length: 200, problem: null });
    expect(checkName('ENTITY', FAMILY.repeat(40) + 'x').problem).toMatch(/^the entity name has 201 characters, 1 too many: entity names are 1 to 200/);
    expect(codePoints(FAMILY)).toBe(5);
    expect(checkName('ENTITY', '   ').problem).toMatch(/^the entity name is empty/);
  });

  it('takes emoji and any script in project and entity names, but no control characters', () => {
    expect(checkName('PROJECT', 'Antenne 🚀 Über-Test (v2) 日本').problem).toBeNull();
    expect(checkName('PROJECT', 'a\u0007b').problem).toBe(`the project name 'a\\u0007b' is not allowed: project names are ${NAME_RULES.PROJECT.description}`);
    expect(checkName('ENTITY', 'a\u2028b').problem).toContain('is not allowed');
  });

  it('trims separators at the ends only', () => {
    expect(trimName('  Filter one\u00A0\t')).toBe('Filter one');
    expect(trimName('\u3000x y\u3000')).toBe('x y');
    expect(trimName('x \u0085')).toBe('x \u0085');
  });
});
