import { useEffect, useState } from 'preact/hooks';
import { call, describe } from '../../lib/api';
import { loadCatalogue, toolbarPages, type Catalogue, type CommandRef } from '../../lib/commands';
import type { ServiceCommands, SessionCommands } from '../../lib/contract';
import type { RelayClient } from '../../lib/relay';

/**
 * The session's command toolbar, built from its catalogue alone (Session.Commands at the GSS,
 * Service.Commands through the relay for services the GSS has not seen yet): a tab per page, the
 * page's groups, a button per command. Nothing here knows a service.
 */
export function CommandToolbar({
  session,
  relay,
  readOnly,
  onCommand,
}: {
  session: string;
  relay: RelayClient;
  readOnly: boolean;
  onCommand: (ref: CommandRef) => void;
}) {
  const [catalogue, setCatalogue] = useState<Catalogue | null>(null);
  const [trouble, setTrouble] = useState<string | null>(null);
  const [page, setPage] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    const load = () =>
      loadCatalogue(
        {
          sessionCommands: () => call<SessionCommands>('gss', 'Session.Commands', { session }),
          serviceCommands: (service) => relay.request<ServiceCommands>(service, { action: 'Service.Commands' }),
        },
        describe,
      ).then(
        (c) => live && (setCatalogue(c), setTrouble(null)),
        (e) => live && setTrouble(describe(e)),
      );
    load();
    const off = relay.onResume(load);
    return () => {
      live = false;
      off();
    };
  }, [session, relay]);

  if (trouble) {
    return (
      <p class="muted small commands-trouble" role="status">
        Cannot read the session’s commands: {trouble}
      </p>
    );
  }
  if (!catalogue) {
    return null;
  }
  const pages = toolbarPages(catalogue.services);
  if (pages.length === 0 && catalogue.missing.length === 0) {
    return null;
  }
  const current = pages.find((p) => p.title === page) ?? pages[0];
  const tabId = (title: string) => 'cmdpage-' + title.replace(/[^A-Za-z0-9_-]/g, '-');
  return (
    <div class="commands" aria-label="Commands" role="region">
      {pages.length > 0 && (
        <div class="tabs command-pages" role="tablist" aria-label="Command pages">
          {pages.map((p, i) => (
            <button
              key={p.title}
              type="button"
              role="tab"
              id={tabId(p.title)}
              class="tab"
              aria-selected={p === current}
              aria-controls="command-page"
              tabIndex={p === current ? 0 : -1}
              onClick={() => setPage(p.title)}
              onKeyDown={(e) => {
                const step = e.key === 'ArrowRight' ? 1 : e.key === 'ArrowLeft' ? -1 : 0;
                if (step) {
                  e.preventDefault();
                  const next = pages[(i + step + pages.length) % pages.length];
                  setPage(next.title);
                  document.getElementById(tabId(next.title))?.focus();
                }
              }}
            >
              {p.title}
            </button>
          ))}
        </div>
      )}
      {current && (
        <div id="command-page" class="command-page" role="tabpanel" aria-labelledby={tabId(current.title)}>
          {current.groups.map((g) => (
            <div key={g.title} class="command-group" role="group" aria-label={g.title}>
              <div class="command-buttons">
                {g.commands.map((ref) => (
                  <button
                    key={ref.service + '/' + ref.command.name}
                    type="button"
                    class="button button-small"
                    title={ref.command.help ?? `${ref.command.name} (${ref.service})`}
                    disabled={readOnly}
                    onClick={() => onCommand(ref)}
                  >
                    {ref.command.title}
                  </button>
                ))}
              </div>
              <span class="command-group-title" aria-hidden="true">
                {g.title}
              </span>
            </div>
          ))}
        </div>
      )}
      {catalogue.missing.map((m) => (
        <p key={m.service} class="muted small" role="status">
          No commands of {m.service}: {m.reason}
        </p>
      ))}
    </div>
  );
}
