import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { NAME_RULES } from '../lib/contract';
import { CreateProject } from './projects/CreateProject';
import { NameField } from './NameField';

let root: HTMLElement;
beforeEach(() => {
  root = document.createElement('div');
  document.body.appendChild(root);
});
afterEach(() => {
  render(null, root);
  root.remove();
});

function type(input: HTMLInputElement, value: string) {
  act(() => {
    input.value = value;
    input.dispatchEvent(new Event('input', { bubbles: true }));
  });
}

describe('the New project form', () => {
  const form = () => {
    act(() => render(<CreateProject busy={false} onProgress={() => undefined} onCreated={() => undefined} />, root));
    return {
      input: root.querySelector<HTMLInputElement>('#new-project-name')!,
      hint: () => root.querySelector<HTMLElement>('#new-project-name-hint')!,
      submit: () => root.querySelector<HTMLButtonElement>('button[type=submit]')!,
    };
  };

  it('shows the rule and the limit before anything is typed, with no maxlength to cut a pasted name', () => {
    const { input, hint, submit } = form();
    expect(hint().textContent).toContain(`Project names: ${NAME_RULES.PROJECT.description}.`);
    expect(hint().textContent).toContain('0/200');
    expect(input.getAttribute('aria-describedby')).toBe('new-project-name-hint');
    expect(input.hasAttribute('maxlength')).toBe(false);
    expect(submit().disabled).toBe(true);
  });

  it('says what is wrong as the user types and keeps Create disabled until the name keeps the rule', () => {
    const { input, hint, submit } = form();
    type(input, 'x'.repeat(201));
    expect(hint().textContent).toContain('The project name has 201 characters, 1 too many: project names are 1 to 200 characters');
    expect(hint().classList.contains('name-hint-problem')).toBe(true);
    expect(input.getAttribute('aria-invalid')).toBe('true');
    expect(submit().disabled).toBe(true);

    type(input, '🚀'.repeat(200));
    expect(hint().textContent).toContain('200/200');
    expect(input.getAttribute('aria-invalid')).toBeNull();
    expect(submit().disabled).toBe(false);
  });
});

describe('NameField', () => {
  it('passes a kept stored name that breaks a later rule, and checks it once changed', () => {
    let value = 'Old\u0007';
    const draw = () => act(() => render(<NameField id="n" label="Name" kind="ENTITY" value={value} onInput={(v) => (value = v)} kept={'Old\u0007'} />, root));
    draw();
    expect(root.querySelector('#n')!.getAttribute('aria-invalid')).toBeNull();
    value = 'Old\u0007!';
    draw();
    expect(root.querySelector('#n-hint')!.textContent).toContain("The entity name 'Old\\u0007!' is not allowed");
  });

  it('checks user names by the identifier rule', () => {
    act(() => render(<NameField id="u" label="User name" kind="USER" value="bob smith" onInput={() => undefined} />, root));
    expect(root.querySelector('#u-hint')!.textContent).toContain("The user name 'bob smith' is not allowed: user names are 1 to 64 letters");
  });
});
