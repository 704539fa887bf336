// Ensures the platform's roles and users, idempotently: what is missing is created, what
// exists is brought to the wanted privileges, roles and password (updateRole and updateUser
// replace them whole). Run with mongosh over TLS as the administrator that
// initdb/10-opentwin.js created on the first start, on every start (compose: the one-shot
// service mongodb-init) or every apply (Kubernetes: the Job mongodb-init). So a role changed
// in a release, a new service's user or a password rotated in .env / Secret opentwin-mongodb
// reaches an existing database. It removes nothing: a user no longer wanted is dropped by hand
// (docs/kubernetes.md). The services connect with ?authSource=opentwin.
//
// The administrator's password is read from the environment and given to auth() here rather
// than on mongosh's command line, where the pod's or host's process list would show it.

function password(variable) {
  const value = process.env[variable];
  if (!value || value.length < 16 || !/^[A-Za-z0-9._~-]+$/.test(value)) {
    throw new Error(variable + " must be a password of at least 16 letters, digits or . _ ~ - (it goes into a URL; see deploy/compose/env.example)");
  }
  return value;
}

// Every password is checked before anything changes: a bad one leaves the database as it was.
const adminPassword = password("OPENTWIN_MONGODB_ADMIN_PASSWORD");

const wantedRoles = [
  // What a platform service does with its data: documents, indexes, GridFS buckets, and the
  // removal of a project's collections (all within readWrite). Nothing outside the opentwin
  // database, no user or role administration.
  {
    role: "opentwinService",
    privileges: [],
    roles: [{ role: "readWrite", db: "opentwin" }],
  },
  // Backups and troubleshooting: read everything of the platform, change nothing.
  {
    role: "opentwinReader",
    privileges: [{ resource: { db: "opentwin", collection: "" }, actions: ["dbStats", "collStats", "indexStats"] }],
    roles: [{ role: "read", db: "opentwin" }],
  },
];

// One user per service, so that the database's log and currentOp show who did what, and a
// leaked URL can be revoked alone. The LSS's user is also its session services' (it passes
// its database URL to the Model and compute services it starts).
const wantedUsers = [
  { user: "opentwin-auth", pwd: password("OPENTWIN_AUTH_DB_PASSWORD"), roles: [{ role: "opentwinService", db: "opentwin" }] },
  { user: "opentwin-gss", pwd: password("OPENTWIN_GSS_DB_PASSWORD"), roles: [{ role: "opentwinService", db: "opentwin" }] },
  { user: "opentwin-lss", pwd: password("OPENTWIN_LSS_DB_PASSWORD"), roles: [{ role: "opentwinService", db: "opentwin" }] },
  { user: "opentwin-reader", pwd: password("OPENTWIN_READER_DB_PASSWORD"), roles: [{ role: "opentwinReader", db: "opentwin" }] },
];

try {
  db.getSiblingDB("admin").auth("admin", adminPassword);
} catch (error) {
  throw new Error("cannot log in as the administrator 'admin' (" + error.message + "): is OPENTWIN_MONGODB_ADMIN_PASSWORD "
      + "still the password it got on the first start? See \"Rotating passwords\" in docs/kubernetes.md or docs/containers.md");
}

const opentwin = db.getSiblingDB("opentwin");
const done = [];

// Roles before users: a user's roles must exist.
for (const wanted of wantedRoles) {
  if (opentwin.getRole(wanted.role) === null) {
    opentwin.createRole(wanted);
    done.push("created role " + wanted.role);
  } else {
    opentwin.updateRole(wanted.role, { privileges: wanted.privileges, roles: wanted.roles });
    done.push("updated role " + wanted.role);
  }
}

for (const wanted of wantedUsers) {
  const mechanisms = ["SCRAM-SHA-256"];
  if (opentwin.getUser(wanted.user) === null) {
    opentwin.createUser({ user: wanted.user, pwd: wanted.pwd, roles: wanted.roles, mechanisms });
    done.push("created user " + wanted.user);
  } else {
    opentwin.updateUser(wanted.user, { pwd: wanted.pwd, roles: wanted.roles, mechanisms });
    done.push("updated user " + wanted.user);
  }
}

print("opentwin: " + done.join(", "));
