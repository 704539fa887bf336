/** AUTH's answers about users, groups and projects, as the screens read them (types only, no I/O). */

export interface User {
  username: string;
  roles: string[];
  enabled: boolean;
  /** When the lock after too many failed logins ends (ISO-8601 UTC), or null. */
  lockedUntil?: string | null;
}

export interface Group {
  name: string;
  owner: string;
  members: string[];
}

export interface Project {
  id: string;
  name: string;
  owner: string;
  access: 'owner' | 'write' | 'read';
  /** Every group it is shared with, for its owner and admins only. */
  shares: Record<string, 'read' | 'write'>;
  /** The viewer's groups it is shared with (a member may know those, not the others). */
  yourGroups: string[];
}
