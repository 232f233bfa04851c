import * as auth from "@microtickets/auth/testing";
import * as expiration from "@microtickets/expiration/testing";
import * as orders from "@microtickets/orders/testing";
import * as payments from "@microtickets/payments/testing";
import * as tickets from "@microtickets/tickets/testing";
import type { Violation } from "./manifest.js";
import type { ServiceDefinitionLike } from "./service-config.js";

/** Each service's test entry: the one place infra may reach its definition from. */
const TEST_ENTRIES: Readonly<Record<string, Readonly<Record<string, unknown>>>> = {
  auth,
  tickets,
  orders,
  expiration,
  payments,
};

const isDefinition = (value: unknown): value is ServiceDefinitionLike => {
  const { name, config } = (value ?? {}) as { name?: unknown; config?: { shape?: unknown } };
  return typeof name === "string" && typeof config?.shape === "object" && config.shape !== null;
};

/**
 * The five services' definitions (their zod `config` among them), found by shape among what
 * each test entry exports; a service whose entry exports none is reported.
 */
export function serviceDefinitions(): {
  definitions: ServiceDefinitionLike[];
  problems: Violation[];
} {
  const definitions: ServiceDefinitionLike[] = [];
  const problems: Violation[] = [];
  for (const [service, entry] of Object.entries(TEST_ENTRIES)) {
    const definition = Object.values(entry).find(
      (value) => isDefinition(value) && value.name === service,
    );
    if (isDefinition(definition)) definitions.push(definition);
    else {
      problems.push({
        kind: "Package",
        name: `@microtickets/${service}/testing`,
        path: "",
        message: `exports no definition of ${service} (its config is what the manifests must provide): export { ${service}Service } from "./service.js"`,
      });
    }
  }
  return { definitions, problems };
}
