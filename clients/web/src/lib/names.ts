import { NAME_RULES, NAME_TRIMMED, type NameKind, type NameRule } from './contract';

/**
 * The name rules of the contract (NameRule in platform/core), checked in the browser as the user
 * types, with the same sentences the servers answer: lengths in code points (an emoji is one, as
 * on the servers; a string's `length` counts UTF-16 units), after trimming separators at the ends.
 */

const LEADING = new RegExp(`^${NAME_TRIMMED}+`, 'u');
const TRAILING = new RegExp(`${NAME_TRIMMED}+$`, 'u');
const PATTERNS = Object.fromEntries(Object.entries(NAME_RULES).map(([kind, rule]) => [kind, new RegExp(`^(?:${rule.pattern})$`, 'u')])) as Record<NameKind, RegExp>;

export function rule(kind: NameKind): NameRule {
  return NAME_RULES[kind];
}

/** The name as the servers store it: without separators at its ends. */
export function trimName(name: string): string {
  return name.replace(LEADING, '').replace(TRAILING, '');
}

/** The number of code points (characters as a person counts them; an emoji sequence may count more than one). */
export function codePoints(text: string): number {
  let n = 0;
  for (const _ of text) n++;
  return n;
}

export interface NameCheck {
  /** The name to send (trimmed). */
  name: string;
  /** Its length in code points. */
  length: number;
  /** Why it breaks the rule, with the rule, or null if it keeps it. */
  problem: string | null;
}

/** Checks a name as the server will: the same problems in the same words. */
export function checkName(kind: NameKind, value: string): NameCheck {
  const r = NAME_RULES[kind];
  const name = trimName(value);
  const length = codePoints(name);
  const ruleText = `${r.noun}s are ${r.description}`;
  let problem: string | null = null;
  if (length === 0) {
    problem = `the ${r.noun} is empty: ${ruleText}`;
  } else if (length > r.maxLength) {
    problem = `the ${r.noun} has ${length} characters, ${length - r.maxLength} too many: ${ruleText}`;
  } else if (!PATTERNS[kind].test(name)) {
    problem = `the ${r.noun} '${printable(name)}' is not allowed: ${ruleText}`;
  }
  return { name, length, problem };
}

/** Control characters as \uXXXX, as the servers write them. */
function printable(name: string): string {
  return name.replace(/[\p{Cc}\p{Cs}\u2028\u2029]/gu, (c) => '\\u' + c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0'));
}
