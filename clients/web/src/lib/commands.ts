/**
 * The session's catalogue of commands (Session.Commands at the GSS, merged with Service.Commands
 * of services the GSS has not seen yet) and the toolbar built from it: pages, then groups, then
 * buttons, in the order the services declare them. Nothing here knows a service by name.
 */
import type { CommandSpec, ServiceCommands, SessionCommands } from './contract';

/** A command with the service that runs it. */
export interface CommandRef {
  service: string;
  command: CommandSpec;
}

export interface ToolbarGroup {
  title: string;
  commands: CommandRef[];
}

export interface ToolbarPage {
  title: string;
  groups: ToolbarGroup[];
}

/** The catalogue with the services asked directly put in place of the GSS's `unknown` ones. */
export function mergeCatalogue(session: SessionCommands, asked: ServiceCommands[]): ServiceCommands[] {
  const byName = new Map<string, ServiceCommands>();
  for (const s of session.services) byName.set(s.service, s);
  for (const s of asked) byName.set(s.service, s);
  return [...byName.values()];
}

/** Pages -> groups -> buttons, each in the order first declared (services in catalogue order). */
export function toolbarPages(catalogue: ServiceCommands[]): ToolbarPage[] {
  const pages: ToolbarPage[] = [];
  for (const service of catalogue) {
    for (const command of service.commands) {
      let page = pages.find((p) => p.title === command.page);
      if (!page) {
        page = { title: command.page, groups: [] };
        pages.push(page);
      }
      let group = page.groups.find((g) => g.title === command.group);
      if (!group) {
        group = { title: command.group, commands: [] };
        page.groups.push(group);
      }
      group.commands.push({ service: service.service, command });
    }
  }
  return pages;
}

/** A command by service and name, or undefined. */
export function findCommand(catalogue: ServiceCommands[], service: string, name: string): CommandSpec | undefined {
  return catalogue.find((s) => s.service === service)?.commands.find((c) => c.name === name);
}

/** What the toolbar needs from the platform; the page passes the GSS and relay calls. */
export interface CatalogueSource {
  sessionCommands: () => Promise<SessionCommands>;
  serviceCommands: (service: string) => Promise<ServiceCommands>;
}

export interface Catalogue {
  services: ServiceCommands[];
  /** services that could not be asked, with the reason */
  missing: { service: string; reason: string }[];
}

/**
 * Reads the catalogue: the GSS's, then each service it lists as unknown asked through the relay
 * (which starts an on-demand service); a service that cannot be asked is listed in `missing`.
 */
export async function loadCatalogue(source: CatalogueSource, describeError: (e: unknown) => string): Promise<Catalogue> {
  const session = await source.sessionCommands();
  const missing: Catalogue['missing'] = [];
  const asked = await Promise.all(
    (session.unknown ?? []).map(async (service) => {
      try {
        const reply = await source.serviceCommands(service);
        return [{ service, commands: reply.commands ?? [] }];
      } catch (e) {
        missing.push({ service, reason: describeError(e) });
        return [];
      }
    }),
  );
  return { services: mergeCatalogue(session, asked.flat()), missing };
}
