// Generated from platform/session-api (org.opentwinj.platform.session) by WebContractTest: do not edit.
// Regenerate after changing the contract: ./mvnw -B -q -pl platform/session-api -am test -Dtest=WebContractTest -Dsurefire.failIfNoSpecifiedTests=false -Dopentwin.contract.write=true

/** Where a session is in its life (SessionState). */
export type SessionState = 'QUEUED' | 'STARTING' | 'RUNNING' | 'RECOVERING' | 'CLOSING' | 'CLOSED' | 'FAILED' | 'LOST';

/** Not over yet: the session holds its project; use it (or wait for it), never open another. */
export const ACTIVE: SessionState[] = ['QUEUED', 'STARTING', 'RUNNING', 'RECOVERING', 'CLOSING'];
/** Clients may talk to its services (also while one of them restarts). */
export const SERVING: SessionState[] = ['RUNNING', 'RECOVERING'];
/** Over: nothing of it runs any more. */
export const ENDED: SessionState[] = ['CLOSED', 'FAILED', 'LOST'];

/** Where a job is in its life (JobState). */
export type JobState = 'QUEUED' | 'RUNNING' | 'DONE' | 'FAILED' | 'CANCELLED';
/** A job in one of these will not change again. */
export const JOB_ENDED: JobState[] = ['DONE', 'FAILED', 'CANCELLED'];
/** The type of a command's parameter or an entity's typed property (ParamType). */
export type ParamType = 'NUMBER' | 'INTEGER' | 'BOOLEAN' | 'CHOICE' | 'TEXT' | 'VECTOR3' | 'ENTITY' | 'FILE' | 'LIST';

/** A session service's state (ServiceState). */
export type ServiceState = 'STARTING' | 'READY' | 'RESTARTING' | 'STOPPED';

/** A rule for one kind of name (NameRule): length in code points, after trimming NAME_TRIMMED at both ends. */
export interface NameRule {
  noun: string;
  maxLength: number;
  pattern: string;
  description: string;
}

/** The kinds of names people choose. */
export type NameKind = 'USER' | 'GROUP' | 'PROJECT' | 'ENTITY' | 'LABEL';

/** Dropped at either end of a name before it is checked (a regular expression character class). */
export const NAME_TRIMMED = '[\\p{Z}\\t\\n\\x0B\\f\\r]';

/** The rule of each kind of name, as AUTH and the Model service enforce it. */
export const NAME_RULES: Record<NameKind, NameRule> = {
  USER: { noun: 'user name', maxLength: 64, pattern: '[A-Za-z0-9][A-Za-z0-9._@-]*', description: '1 to 64 letters, digits, \'.\', \'_\', \'@\' or \'-\', starting with a letter or digit' },
  GROUP: { noun: 'group name', maxLength: 64, pattern: '[A-Za-z0-9][A-Za-z0-9._@-]*', description: '1 to 64 letters, digits, \'.\', \'_\', \'@\' or \'-\', starting with a letter or digit' },
  PROJECT: { noun: 'project name', maxLength: 200, pattern: '[^\\p{Cc}\\p{Cs}\\u2028\\u2029]+', description: '1 to 200 characters (an emoji counts as one), no control characters' },
  ENTITY: { noun: 'entity name', maxLength: 200, pattern: '[^\\p{Cc}\\p{Cs}\\u2028\\u2029]+', description: '1 to 200 characters (an emoji counts as one), no control characters' },
  LABEL: { noun: 'label', maxLength: 64, pattern: '[A-Za-z0-9][A-Za-z0-9._-]*', description: '1 to 64 letters, digits, \'.\', \'_\' or \'-\', starting with a letter or digit' },
};

export interface ServiceStatus {
  url?: string | null;
  state: ServiceState;
}

export interface SessionEvent {
  seq: number;
  time: string;
  service?: string | null;
  message: string;
}

export interface Participant {
  user: string;
  since: string;
}

export interface SessionView {
  session: string;
  project: string;
  user: string;
  participants: Participant[];
  type: string;
  state: SessionState;
  reason?: string | null;
  lss?: string | null;
  createdAt: string;
  updatedAt: string;
  services: Record<string, ServiceStatus>;
  events: SessionEvent[];
  lastSeq: number;
  relayUrl: string;
}

export interface NewSessionRequest {
  project: string;
  type?: string | null;
}

export interface SessionRequest {
  session: string;
}

export interface EventsRequest {
  session: string;
  after?: number | null;
  waitMs?: number | null;
}

export interface ListRequest {
  all?: boolean | null;
  scope?: string | null;
}

export interface LogsRequest {
  session: string;
  after?: number | null;
  level?: string | null;
  waitMs?: number | null;
  job?: string | null;
}

export interface ParamSpec {
  name: string;
  title: string;
  type: ParamType;
  unit?: string | null;
  min?: number | null;
  max?: number | null;
  choices?: string[] | null;
  entityTypes?: string[] | null;
  item?: ParamSpec | null;
  accept?: string[] | null;
  maxLength?: number | null;
  optional?: boolean | null;
  defaultValue?: unknown | null;
  help?: string | null;
}

export interface CommandSpec {
  name: string;
  title: string;
  page: string;
  group: string;
  params: ParamSpec[];
  job: boolean;
  makes?: string | null;
  help?: string | null;
}

export interface ServiceCommands {
  service: string;
  commands: CommandSpec[];
}

export interface SessionCommands {
  session: string;
  services: ServiceCommands[];
  unknown: string[];
}

export interface CommandRequest {
  command: string;
  params: Record<string, unknown>;
}

export interface CommandReply {
  job?: string | null;
  version?: number | null;
  entities?: string[] | null;
}

export interface JobView {
  id: string;
  service: string;
  command: string;
  title: string;
  user: string;
  state: JobState;
  fraction: number;
  message?: string | null;
  remainingMs?: number | null;
  reason?: string | null;
  created: string;
  started?: string | null;
  ended?: string | null;
  version?: number | null;
  partial?: boolean | null;
}

export interface JobRequest {
  job: string;
}

export interface JobListRequest {
  all?: boolean | null;
  service?: string | null;
}

export interface JobEvent {
  event: string;
  job: JobView;
}

export interface EntityOrigin {
  service: string;
  command: string;
  inputs: string[];
}
