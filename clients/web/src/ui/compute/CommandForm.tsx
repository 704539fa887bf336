import { useRef, useState } from 'preact/hooks';
import { describe } from '../../lib/api';
import type { CommandReply, CommandSpec } from '../../lib/contract';
import { checkValues, fieldOfReason, initialValues, valuesToSend, type EntityRef } from '../../lib/params';
import { RelayError } from '../../lib/relay';
import { Dialog, ErrorText } from '../common';
import { ParamField, type FieldEnv } from './ParamField';

/** The sentence under a field for a problem the client's check found: "Amplitude must be at least 0 V." */
export function problemSentence(title: string, problem: string): string {
  return `${title} ${problem}.`;
}

/**
 * A command's form, built from its ParamSpecs: one widget per parameter; the values are checked
 * as the service checks them before anything is sent, and a refusal of the service (400 naming
 * the parameter) is shown at that field. Submit sends Command.Run to the command's service.
 */
export function CommandForm({
  service,
  command,
  entities,
  send,
  stage,
  onDone,
}: {
  service: string;
  command: CommandSpec;
  entities: EntityRef[];
  /** sends a message to a service of the session (through the relay) */
  send: <T>(service: string, message: Record<string, unknown>) => Promise<T>;
  stage: FieldEnv['stage'];
  onDone: (reply: CommandReply | null) => void;
}) {
  const [values, setValues] = useState<Record<string, unknown>>(() => initialValues(command.params));
  const [problems, setProblems] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const form = useRef<HTMLFormElement>(null);
  const formId = 'cmd-' + command.name.replace(/[^A-Za-z0-9_-]/g, '-');
  const env: FieldEnv = { entities, stage, disabled: busy };

  const showProblems = (found: Record<string, string>) => {
    setProblems(found);
    const first = command.params.find((p) => found[p.name]);
    if (first) {
      window.setTimeout(() => form.current?.querySelector<HTMLElement>(`[data-param="${CSS.escape(first.name)}"] input, [data-param="${CSS.escape(first.name)}"] select`)?.focus(), 0);
    }
  };

  return (
    <Dialog title={command.title} onClose={() => onDone(null)}>
      {command.help && <p class="dialog-sub muted">{command.help}</p>}
      <form
        ref={form}
        class="form command-form"
        id={formId}
        noValidate
        onSubmit={async (e) => {
          e.preventDefault();
          setError(null);
          const found = checkValues(command.params, values, { entities });
          const sentences = Object.fromEntries(
            Object.entries(found).map(([name, problem]) => [name, problemSentence(command.params.find((p) => p.name === name)!.title, problem)]),
          );
          showProblems(sentences);
          if (Object.keys(found).length) {
            return;
          }
          setBusy(true);
          try {
            const reply = await send<CommandReply>(service, { action: 'Command.Run', command: command.name, params: valuesToSend(command.params, values) });
            onDone(reply ?? {});
          } catch (err) {
            const reason = describe(err);
            const field = err instanceof RelayError && err.status === 400 ? fieldOfReason(reason, command.params) : null;
            if (field) {
              showProblems({ [field]: `Refused by ${service}: ${reason}` });
            } else {
              setError(`${command.title} failed: ${reason}`);
            }
          } finally {
            setBusy(false);
          }
        }}
      >
        {command.params.map((p) => (
          <ParamField
            key={p.name}
            id={`${formId}-${p.name}`}
            spec={p}
            value={values[p.name]}
            problem={problems[p.name]}
            env={env}
            onChange={(v) => {
              setValues((old) => ({ ...old, [p.name]: v }));
              setProblems(({ [p.name]: _, ...rest }) => rest);
            }}
          />
        ))}
        {command.params.length === 0 && <p class="muted">This command has no parameters.</p>}
        <ErrorText error={error} />
        <div class="dialog-actions">
          <button type="button" class="button" onClick={() => onDone(null)}>
            Cancel
          </button>
          <button type="submit" class="button button-primary" disabled={busy}>
            {busy ? 'Sending…' : command.job ? 'Start' : 'Run'}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
