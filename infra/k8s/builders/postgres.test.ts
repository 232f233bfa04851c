import { execFileSync } from "node:child_process";
import type { IStatefulSet } from "kubernetes-models/apps/v1/StatefulSet";
import { describe, expect, it } from "vitest";
import { databaseOwners } from "../deployables.js";
import { plain } from "../environments.js";
import { devPostgres, initScript, passwordVariable } from "./postgres.js";

const statefulSet = () =>
  devPostgres("1Gi")
    .map(plain)
    .find((object) => (object as { kind: string }).kind === "StatefulSet") as IStatefulSet;

describe("dev's postgres", () => {
  it("creates a role and a database owned by it for each service, which no one else may connect to", () => {
    const script = initScript();

    for (const { name } of databaseOwners()) {
      expect(script).toContain(`-v svc=${name} -v pw="$${passwordVariable(name)}"`);
    }
    expect(script).toContain(`CREATE ROLE :"svc" LOGIN PASSWORD :'pw';`);
    expect(script).toContain(`CREATE DATABASE :"svc" OWNER :"svc";`);
    expect(script).toContain(`REVOKE CONNECT, TEMPORARY ON DATABASE :"svc" FROM PUBLIC;`);
  });

  it("reads each role's password from the service's <svc>-db-app secret", () => {
    const env = statefulSet().spec?.template.spec?.containers[0]?.env ?? [];

    for (const { name } of databaseOwners()) {
      const variable = env.find((candidate) => candidate.name === passwordVariable(name));
      expect(variable?.valueFrom?.secretKeyRef).toEqual({
        name: `${name}-db-app`,
        key: "password",
      });
    }
  });

  it("has an init script the shell can parse", () => {
    expect(() => execFileSync("sh", ["-n"], { input: initScript() })).not.toThrow();
  });
});
