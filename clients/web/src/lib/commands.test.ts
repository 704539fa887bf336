import { describe, expect, it } from 'vitest';
import { findCommand, loadCatalogue, mergeCatalogue, toolbarPages } from './commands';
import type { CommandSpec, ServiceCommands } from './contract';

const command = (name: string, page: string, group: string): CommandSpec => ({ name, title: name, page, group, params: [], job: false });

describe('toolbarPages', () => {
  it('makes pages, then groups, then buttons, in the order first declared, across services', () => {
    const catalogue: ServiceCommands[] = [
      { service: 'compute-test', commands: [command('Signal.Make', 'Signals', 'Create'), command('Work.Slow', 'Work', 'Jobs'), command('Signal.Scale', 'Signals', 'Derive')] },
      { service: 'other', commands: [command('Signal.Import', 'Signals', 'Create')] },
    ];
    const pages = toolbarPages(catalogue);
    expect(pages.map((p) => p.title)).toEqual(['Signals', 'Work']);
    expect(pages[0].groups.map((g) => g.title)).toEqual(['Create', 'Derive']);
    expect(pages[0].groups[0].commands.map((c) => `${c.service}/${c.command.name}`)).toEqual(['compute-test/Signal.Make', 'other/Signal.Import']);
    expect(pages[1].groups[0].commands[0].command.name).toBe('Work.Slow');
    expect(findCommand(catalogue, 'other', 'Signal.Import')?.group).toBe('Create');
    expect(findCommand(catalogue, 'other', 'Signal.Make')).toBeUndefined();
  });

  it('makes no page without commands', () => {
    expect(toolbarPages([{ service: 'model', commands: [] }])).toEqual([]);
  });
});

describe('loadCatalogue', () => {
  it("asks the services the GSS does not know yet and merges them in; one that cannot be asked is listed with the reason", async () => {
    const asked: string[] = [];
    const catalogue = await loadCatalogue(
      {
        sessionCommands: async () => ({ session: 's1', services: [{ service: 'a', commands: [command('A.Run', 'P', 'G')] }], unknown: ['b', 'c'] }),
        serviceCommands: async (service) => {
          asked.push(service);
          if (service === 'c') throw new Error('c did not start');
          return { service, commands: [command('B.Run', 'P', 'H')] };
        },
      },
      (e) => (e as Error).message,
    );
    expect(asked.sort()).toEqual(['b', 'c']);
    expect(catalogue.services.map((s) => s.service)).toEqual(['a', 'b']);
    expect(catalogue.missing).toEqual([{ service: 'c', reason: 'c did not start' }]);
  });

  it('takes a service asked directly over the same one in the GSS answer', () => {
    const merged = mergeCatalogue({ session: 's', services: [{ service: 'a', commands: [] }], unknown: [] }, [{ service: 'a', commands: [command('X', 'P', 'G')] }]);
    expect(merged).toHaveLength(1);
    expect(merged[0].commands[0].name).toBe('X');
  });
});
