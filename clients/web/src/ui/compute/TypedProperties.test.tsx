import { render } from 'preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Entity } from '../../lib/model';
import { RelayError } from '../../lib/relay';
import { TypedProperties } from './TypedProperties';

const SCALED: Entity = {
  id: 's2',
  version: 3,
  type: 'result',
  name: 'Scaled',
  properties: { source: 's1', factor: 2 },
  origin: { service: 'compute-test', command: 'Signal.Scale', inputs: ['s1'] },
  propertyTypes: [
    { name: 'source', title: 'Source', type: 'ENTITY', entityTypes: ['result'] },
    { name: 'factor', title: 'Factor', type: 'NUMBER', min: -100, max: 100 },
  ],
};
const ENTITIES = [
  { id: 's1', name: 'Signal 1', type: 'result' },
  { id: 's2', name: 'Scaled', type: 'result' },
];

const roots: HTMLElement[] = [];
afterEach(() => roots.splice(0).forEach((r) => (render(null, r), r.remove())));
/** A few turns of the event loop: Preact renders state changes and the handlers' awaits settle. */
const tick = async () => {
  for (let i = 0; i < 5; i++) await new Promise((r) => setTimeout(r, 0));
};

function mount(send: (m: Record<string, unknown>) => Promise<unknown>, onJob = vi.fn()) {
  const root = document.createElement('div');
  document.body.appendChild(root);
  roots.push(root);
  render(
    <TypedProperties
      entity={SCALED}
      specs={SCALED.propertyTypes!}
      entities={ENTITIES}
      expectedVersion={7}
      readOnly={false}
      send={send as <T>(m: Record<string, unknown>) => Promise<T>}
      stage={async () => ({ upload: 'u' })}
      onJob={onJob}
    />,
    root,
  );
  return { root, onJob };
}
async function type(root: HTMLElement, text: string) {
  const input = root.querySelector<HTMLInputElement>('#props-s2-factor')!;
  input.value = text;
  input.dispatchEvent(new Event('input', { bubbles: true }));
  await tick();
}
async function apply(root: HTMLElement) {
  root.querySelector('form')!.dispatchEvent(new Event('submit', { bubbles: true, cancelable: true }));
  await tick();
  await tick();
}

describe('TypedProperties', () => {
  it('edits typed properties with their widgets, Apply only once something changed', async () => {
    const { root } = mount(vi.fn());
    expect(root.querySelector<HTMLSelectElement>('#props-s2-source')!.value).toBe('s1');
    expect(root.querySelector<HTMLInputElement>('#props-s2-factor')!.value).toBe('2');
    expect(root.querySelector('textarea')).toBeNull();
    expect(root.querySelector<HTMLButtonElement>('button[type=submit]')!.disabled).toBe(true);
    await type(root, '3');
    expect(root.querySelector<HTMLButtonElement>('button[type=submit]')!.disabled).toBe(false);
  });

  it('refuses an invalid edit with the reason, sending nothing', async () => {
    const send = vi.fn();
    const { root } = mount(send);
    await type(root, '500');
    await apply(root);
    expect(root.querySelector('[data-param="factor"] .param-error')!.textContent).toBe('Factor must be at most 100.');
    expect(send).not.toHaveBeenCalled();
  });

  it('sends the changed properties with Model.SetProperties; a job reply is a re-run on the board', async () => {
    const send = vi.fn(async () => ({ job: 'rerun-1' }));
    const { root, onJob } = mount(send);
    await type(root, '-1.5');
    await apply(root);
    expect(send).toHaveBeenCalledWith({ action: 'Model.SetProperties', id: 's2', properties: { factor: -1.5 }, expectedVersion: 7 });
    expect(onJob).toHaveBeenCalledWith('rerun-1');
  });

  it("shows the Model's refusal at the property it names", async () => {
    const { root } = mount(async () => {
      throw new RelayError(400, "entity 'Scaled': property factor must not be 0");
    });
    await type(root, '0');
    await apply(root);
    expect(root.querySelector('[data-param="factor"] .param-error')!.textContent).toBe("Refused: entity 'Scaled': property factor must not be 0");
  });
});
