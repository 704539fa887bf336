// Creates the platform's MongoDB role and user. Idempotent: run it again to change the
// password or after an upgrade that widens the role. It runs as MongoDB's root user, either
// from /docker-entrypoint-initdb.d on a fresh data directory (compose) or from the init Job
// (Kubernetes), and reads its input from the environment:
//   OPENTWIN_DB_NAME      the platform's database (default "opentwin", as the services' default)
//   OPENTWIN_DB_USER      the user the services connect as (default "opentwin")
//   OPENTWIN_DB_PASSWORD  its password (required)
const dbName = process.env.OPENTWIN_DB_NAME || "opentwin";
const user = process.env.OPENTWIN_DB_USER || "opentwin";
const password = process.env.OPENTWIN_DB_PASSWORD;
if (!password) {
  throw new Error("init-platform.js: OPENTWIN_DB_PASSWORD is not set; the platform user needs a password");
}

const platform = db.getSiblingDB(dbName);
// What the services do: read and write documents, create their indexes and collections,
// GridFS included. Nothing on other databases, no user or role administration.
const roleName = "opentwinPlatform";
const privileges = [{
  resource: { db: dbName, collection: "" },
  actions: ["find", "insert", "update", "remove", "createCollection", "createIndex", "dropIndex",
            "dropCollection", "listCollections", "listIndexes", "collStats", "dbStats"],
}];
if (platform.getRole(roleName) === null) {
  platform.createRole({ role: roleName, privileges: privileges, roles: [] });
  print(`created role ${roleName} on ${dbName}`);
} else {
  platform.updateRole(roleName, { privileges: privileges, roles: [] });
  print(`updated role ${roleName} on ${dbName}`);
}

if (platform.getUser(user) === null) {
  platform.createUser({ user: user, pwd: password, roles: [{ role: roleName, db: dbName }] });
  print(`created user ${user} on ${dbName}`);
} else {
  platform.updateUser(user, { pwd: password, roles: [{ role: roleName, db: dbName }] });
  print(`updated user ${user} on ${dbName}`);
}
