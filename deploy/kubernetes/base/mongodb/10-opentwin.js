// Runs once, on the first start of MongoDB with an empty data volume (the image's
// /docker-entrypoint-initdb.d), against a temporary server without TLS on 127.0.0.1 and
// without access control. It creates the administrator only: with access control on, MongoDB
// lets only a local client create the first user, so this one step cannot be done from
// elsewhere. The platform's roles and users are ensured by opentwin-users.js (next to this
// directory in deploy/compose/mongodb, copied to deploy/kubernetes/base/mongodb), run as this
// administrator on every start or apply (compose: the service mongodb-init; Kubernetes: the
// Job mongodb-init), so that a changed role, a new service or a rotated password reaches an
// existing database too.

function password(variable) {
  const value = process.env[variable];
  if (!value || value.length < 16 || !/^[A-Za-z0-9._~-]+$/.test(value)) {
    throw new Error(variable + " must be a password of at least 16 letters, digits or . _ ~ - (it goes into a URL; see deploy/compose/env.example)");
  }
  return value;
}

db.getSiblingDB("admin").createUser({
  user: "admin",
  pwd: password("OPENTWIN_MONGODB_ADMIN_PASSWORD"),
  roles: [{ role: "root", db: "admin" }],
  mechanisms: ["SCRAM-SHA-256"],
});

print("opentwin: created the administrator; the roles and users follow from opentwin-users.js");
