import type { IEnvVar } from "kubernetes-models/v1/EnvVar";
import { databaseOwners } from "../deployables.js";
import { THIRD_PARTY_IMAGES } from "../images.js";
import { SIZING } from "../sizing.js";
import { PRE_STOP_PAUSE_SECONDS } from "./http-service.js";
import { execProbe, TMP } from "./pod.js";
import { databaseSecret, POSTGRES_SUPERUSER_SECRET } from "./references.js";
import { statefulInfrastructure } from "./stateful-infrastructure.js";

/** The postgres image's own user and group. */
const POSTGRES_USER = { user: 999, group: 999 };
const INIT_DIR = "/docker-entrypoint-initdb.d";
const SOCKET_DIR = "/var/run/postgresql";

/** The variable dev's postgres pod reads a service's password from (its `<svc>-db-app` secret). */
export const passwordVariable = (service: string) => `${service.toUpperCase()}_DB_PASSWORD`;

/**
 * Run once by the image's entrypoint, on an empty data directory: one role and one database per
 * service, the database owned by its role (as CloudNativePG's initdb makes them in prod), and
 * nobody else may connect to it. The passwords are the ones in the services' secrets, given to
 * this pod as variables; psql's `:'pw'` quotes them, so no value can break out of the statement.
 */
export function initScript(): string {
  const blocks = databaseOwners().map(({ name }) =>
    [
      `psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres \\`,
      `  -v svc=${name} -v pw="$${passwordVariable(name)}" <<'SQL'`,
      `CREATE ROLE :"svc" LOGIN PASSWORD :'pw';`,
      `CREATE DATABASE :"svc" OWNER :"svc";`,
      `REVOKE CONNECT, TEMPORARY ON DATABASE :"svc" FROM PUBLIC;`,
      "SQL",
    ].join("\n"),
  );
  return `#!/bin/sh\n# Generated from infra/k8s/builders/postgres.ts.\nset -eu\n\n${blocks.join("\n\n")}\n`;
}

/** pg_isready over TCP fails while initdb's temporary server (socket only) runs: not ready yet. */
const isReady = (host: string) => ["pg_isready", "--host", host, "--username", "postgres"];

/** dev's PostgreSQL: one server for the four services, each its own role and database. */
export function devPostgres(storage: string) {
  const passwords: IEnvVar[] = databaseOwners().map(({ name }) => ({
    name: passwordVariable(name),
    valueFrom: { secretKeyRef: { name: databaseSecret(name), key: "password" } },
  }));
  return statefulInfrastructure({
    name: "postgres",
    component: "database",
    image: THIRD_PARTY_IMAGES.postgres,
    runAs: POSTGRES_USER,
    replicas: 1,
    container: {
      env: [
        {
          name: "POSTGRES_PASSWORD",
          valueFrom: { secretKeyRef: { name: POSTGRES_SUPERUSER_SECRET, key: "password" } },
        },
        // A directory below the mount point: initdb wants an empty one, a volume has lost+found.
        { name: "PGDATA", value: "/var/lib/postgresql/data/pgdata" },
        ...passwords,
      ],
      lifecycle: { preStop: { sleep: { seconds: PRE_STOP_PAUSE_SECONDS } } },
    },
    ports: [{ name: "postgres", containerPort: 5432 }],
    clientPorts: ["postgres"],
    files: {
      configMap: "postgres-init",
      mountPath: INIT_DIR,
      data: { "10-service-databases.sh": initScript() },
      // Executable, so the entrypoint runs it in its own shell rather than sourcing it.
      executable: true,
    },
    data: { mountPath: "/var/lib/postgresql/data", storage },
    scratch: [{ volume: "socket", mountPath: SOCKET_DIR, sizeLimit: "1Mi" }, TMP],
    probes: {
      // The first start runs initdb and the script: up to 5 minutes on a slow disk.
      startup: execProbe(isReady("127.0.0.1"), {
        periodSeconds: 5,
        timeoutSeconds: 5,
        failureThreshold: 60,
      }),
      liveness: execProbe(isReady(SOCKET_DIR), {
        periodSeconds: 20,
        timeoutSeconds: 5,
        failureThreshold: 3,
      }),
      readiness: execProbe(isReady("127.0.0.1"), {
        periodSeconds: 5,
        timeoutSeconds: 3,
        failureThreshold: 2,
      }),
    },
    // The image stops with SIGINT (fast shutdown): it rolls back open transactions at once.
    terminationGracePeriodSeconds: 60,
    sizing: SIZING.postgres,
  });
}
