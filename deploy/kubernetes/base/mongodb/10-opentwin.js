// Runs once, on the first start of MongoDB with an empty data volume (the image's
// /docker-entrypoint-initdb.d), against a temporary server without TLS on 127.0.0.1 and
// without access control. It creates the administrator, the platform's roles and one user
// per service, with the passwords from the container's environment (compose takes them from
// .env). The services connect with ?authSource=opentwin.

function password(variable) {
  const value = process.env[variable];
  if (!value || value.length < 16 || !/^[A-Za-z0-9._~-]+$/.test(value)) {
    throw new Error(variable + " must be a password of at least 16 letters, digits or . _ ~ - (it goes into a URL; see deploy/compose/env.example)");
  }
  return value;
}

const admin = db.getSiblingDB("admin");
admin.createUser({
  user: "admin",
  pwd: password("OPENTWIN_MONGODB_ADMIN_PASSWORD"),
  roles: [{ role: "root", db: "admin" }],
  mechanisms: ["SCRAM-SHA-256"],
});

const opentwin = db.getSiblingDB("opentwin");

// What a platform service does with its data: documents, indexes, GridFS buckets, and the
// removal of a project's collections (all within readWrite). Nothing outside the opentwin
// database, no user or role administration.
opentwin.createRole({
  role: "opentwinService",
  privileges: [],
  roles: [{ role: "readWrite", db: "opentwin" }],
});

// Backups and troubleshooting: read everything of the platform, change nothing.
opentwin.createRole({
  role: "opentwinReader",
  privileges: [{ resource: { db: "opentwin", collection: "" }, actions: ["dbStats", "collStats", "indexStats"] }],
  roles: [{ role: "read", db: "opentwin" }],
});

// One user per service, so that the database's log and currentOp show who did what, and a
// leaked URL can be revoked alone. The LSS's user is also its session services' (it passes
// its database URL to the Model and compute services it starts).
for (const [user, variable] of [
  ["opentwin-auth", "OPENTWIN_AUTH_DB_PASSWORD"],
  ["opentwin-gss", "OPENTWIN_GSS_DB_PASSWORD"],
  ["opentwin-lss", "OPENTWIN_LSS_DB_PASSWORD"],
]) {
  opentwin.createUser({ user, pwd: password(variable), roles: ["opentwinService"], mechanisms: ["SCRAM-SHA-256"] });
}
opentwin.createUser({
  user: "opentwin-reader",
  pwd: password("OPENTWIN_READER_DB_PASSWORD"),
  roles: ["opentwinReader"],
  mechanisms: ["SCRAM-SHA-256"],
});

print("opentwin: created the admin, the roles opentwinService and opentwinReader, and the users opentwin-auth, opentwin-gss, opentwin-lss, opentwin-reader");
