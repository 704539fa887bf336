import { render } from 'preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { CommandSpec } from '../../lib/contract';
import { RelayError } from '../../lib/relay';
import { CommandForm } from './CommandForm';

/** A command with a parameter of every type, as the test compute service declares Signal.Make. */
const MAKE: CommandSpec = {
  name: 'Signal.Make',
  title: 'Make a signal',
  page: 'Signals',
  group: 'Create',
  job: true,
  params: [
    { name: 'amplitude', title: 'Amplitude', type: 'NUMBER', unit: 'V', min: 0, max: 10, defaultValue: 1 },
    { name: 'samples', title: 'Samples', type: 'INTEGER', min: 2, max: 4096, defaultValue: 64 },
    { name: 'normalise', title: 'Normalise', type: 'BOOLEAN' },
    { name: 'window', title: 'Window', type: 'CHOICE', choices: ['none', 'hann'] },
    { name: 'label', title: 'Label', type: 'TEXT', maxLength: 5, defaultValue: 'sig' },
    { name: 'offset', title: 'Offset', type: 'VECTOR3', unit: 'mm', defaultValue: [0, 0, 0] },
    { name: 'source', title: 'Source', type: 'ENTITY', entityTypes: ['result'], optional: true },
    { name: 'samplesFile', title: 'Samples file', type: 'FILE', accept: ['.csv'], optional: true },
    { name: 'extra', title: 'Extra', type: 'LIST', item: { name: 'x', title: 'x', type: 'NUMBER', unit: 'Hz' }, max: 3 },
  ],
};
const ENTITIES = [
  { id: 'r1', name: 'Signal 1', type: 'result' },
  { id: 'g1', name: 'Box', type: 'geometry' },
];

const roots: HTMLElement[] = [];
afterEach(() => roots.splice(0).forEach((r) => (render(null, r), r.remove())));

function mount(send: (service: string, message: Record<string, unknown>) => Promise<unknown>, onDone = vi.fn()) {
  const root = document.createElement('div');
  document.body.appendChild(root);
  roots.push(root);
  render(
    <CommandForm
      service="compute-test"
      command={MAKE}
      entities={ENTITIES}
      send={send as <T>(s: string, m: Record<string, unknown>) => Promise<T>}
      stage={async () => ({ upload: 'u1' })}
      onDone={onDone}
    />,
    root,
  );
  return { root, onDone };
}

/** A few turns of the event loop: Preact renders state changes and the handlers' awaits settle. */
const tick = async () => {
  for (let i = 0; i < 5; i++) await new Promise((r) => setTimeout(r, 0));
};
async function type(root: HTMLElement, id: string, text: string) {
  const input = root.querySelector<HTMLInputElement>(`#${id}`)!;
  input.value = text;
  input.dispatchEvent(new Event('input', { bubbles: true }));
  await tick();
}
async function submit(root: HTMLElement) {
  root.querySelector('form')!.dispatchEvent(new Event('submit', { bubbles: true, cancelable: true }));
  await tick();
  await tick();
}
const problem = (root: HTMLElement, name: string) => root.querySelector(`[data-param="${name}"] .param-error`)?.textContent ?? null;

describe('CommandForm', () => {
  it('has a widget for every parameter type, starting from the defaults', () => {
    const { root } = mount(vi.fn());
    const id = (n: string) => `#cmd-Signal-Make-${n}`;
    expect(root.querySelector<HTMLInputElement>(id('amplitude'))!.value).toBe('1');
    expect(root.querySelector(`[data-param="amplitude"] label`)!.textContent).toContain('[V]');
    expect(root.querySelector<HTMLInputElement>(id('normalise'))!.type).toBe('checkbox');
    expect([...root.querySelectorAll<HTMLOptionElement>(`${id('window')} option`)].map((o) => o.value)).toEqual(['none', 'hann']);
    expect(root.querySelector(`[data-param="label"] .name-count`)!.textContent).toBe('3/5');
    expect(root.querySelectorAll(`[data-param="offset"] input`)).toHaveLength(3);
    // The entity picker offers only the allowed types.
    expect([...root.querySelectorAll<HTMLOptionElement>(`${id('source')} option`)].map((o) => o.value)).toEqual(['', 'r1']);
    expect(root.querySelector<HTMLInputElement>(id('samplesFile'))!.accept).toBe('.csv');
    expect(root.querySelector(`[data-param="extra"] legend`)!.textContent).toBe('Extra');
  });

  it('refuses values that break the specs at their fields, and sends nothing', async () => {
    const send = vi.fn();
    const { root } = mount(send);
    await type(root, 'cmd-Signal-Make-amplitude', '12');
    await type(root, 'cmd-Signal-Make-label', 'toolong');
    await type(root, 'cmd-Signal-Make-offset-y', 'x');
    await submit(root);
    expect(problem(root, 'amplitude')).toBe('Amplitude must be at most 10 V.');
    expect(problem(root, 'label')).toBe('Label must be at most 5 characters long.');
    expect(problem(root, 'offset')).toBe('Offset must be three numbers.');
    expect(root.querySelector('#cmd-Signal-Make-amplitude')!.getAttribute('aria-invalid')).toBe('true');
    expect(send).not.toHaveBeenCalled();
  });

  it('sends Command.Run with the typed values, list rows included', async () => {
    const send = vi.fn(async () => ({ job: 'j1' }));
    const { root, onDone } = mount(send);
    await type(root, 'cmd-Signal-Make-amplitude', '2.5');
    const add = [...root.querySelectorAll<HTMLButtonElement>('[data-param="extra"] button')].find((b) => b.textContent!.startsWith('Add'))!;
    add.click();
    await tick();
    await type(root, 'cmd-Signal-Make-extra-0', '50');
    root.querySelector<HTMLInputElement>('#cmd-Signal-Make-normalise')!.click();
    await tick();
    await submit(root);
    expect(send).toHaveBeenCalledWith('compute-test', {
      action: 'Command.Run',
      command: 'Signal.Make',
      params: { amplitude: 2.5, samples: 64, normalise: true, window: 'none', label: 'sig', offset: [0, 0, 0], extra: [50] },
    });
    expect(onDone).toHaveBeenCalledWith({ job: 'j1' });
  });

  it("shows the service's refusal at the field it names", async () => {
    const send = vi.fn(async () => {
      throw new RelayError(400, "parameter 'samples' must be a power of two");
    });
    const { root, onDone } = mount(send);
    await submit(root);
    expect(problem(root, 'samples')).toBe("Refused by compute-test: parameter 'samples' must be a power of two");
    expect(onDone).not.toHaveBeenCalled();
  });

  it('shows another failure under the form', async () => {
    const { root } = mount(async () => {
      throw new RelayError(503, 'compute-test did not start');
    });
    await submit(root);
    expect(root.querySelector('.error-text')!.textContent).toContain('Make a signal failed: compute-test did not start');
  });
});
