import type { NameKind } from '../lib/contract';
import { checkName, rule, type NameCheck } from '../lib/names';

/**
 * A name's input with its rule under it, checked as the user types (the same check and words as
 * the server's, see lib/names.ts). There is no `maxlength`: a browser cuts a pasted name there
 * without a word, and counts UTF-16 units where the rule counts characters (an emoji is one);
 * the counter and the hint show the limit instead, and the form's submit stays disabled with the
 * reason shown here until the name keeps the rule.
 *
 * @param kept a stored name that may break a rule made after it (it is kept as it is, unchecked)
 */
export function NameField({
  id,
  label,
  kind,
  value,
  onInput,
  kept,
  autoFocus,
  labelClass,
  placeholder,
}: {
  id: string;
  label: string;
  kind: NameKind;
  value: string;
  onInput: (value: string) => void;
  kept?: string;
  autoFocus?: boolean;
  labelClass?: string;
  placeholder?: string;
}) {
  const r = rule(kind);
  const check = nameCheck(kind, value, kept);
  // An empty field shows the rule; the problem once something is typed.
  const problem = value === '' ? null : check.problem;
  const hintId = `${id}-hint`;
  return (
    <>
      <label for={id} class={labelClass}>
        {label}
      </label>
      <input
        id={id}
        required
        autoFocus={autoFocus}
        autocomplete="off"
        spellcheck={false}
        placeholder={placeholder}
        value={value}
        aria-describedby={hintId}
        aria-invalid={problem ? 'true' : undefined}
        onInput={(e) => onInput((e.target as HTMLInputElement).value)}
      />
      <p id={hintId} class={'name-hint' + (problem ? ' name-hint-problem' : '')}>
        <span aria-live="polite">{problem ? `${capitalize(problem)}.` : `${capitalize(r.noun)}s: ${r.description}.`}</span>{' '}
        <span class="name-count" aria-label={`${check.length} of at most ${r.maxLength} characters`}>
          {check.length}/{r.maxLength}
        </span>
      </p>
    </>
  );
}

/** The check of a field's value; a kept stored name passes as it is. */
export function nameCheck(kind: NameKind, value: string, kept?: string): NameCheck {
  if (kept !== undefined && value === kept) {
    return { name: kept, length: [...kept].length, problem: null };
  }
  return checkName(kind, value);
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
