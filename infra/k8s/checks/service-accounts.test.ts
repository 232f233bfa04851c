import { describe, expect, it } from "vitest";
import { changed, deployment, environment, serviceAccount } from "./fixtures.js";
import { serviceAccounts } from "./service-accounts.js";

const auth = deployment("auth", 4001);
const orders = deployment("orders", 4003);

describe("the service account rule", () => {
  it("passes workloads with accounts of their own and no token", () => {
    const env = environment("dev", [
      auth,
      serviceAccount("auth"),
      orders,
      serviceAccount("orders"),
    ]);

    expect(serviceAccounts(env)).toEqual([]);
  });

  it("reports a mounted token, on the pod and on the account", () => {
    const mounted = changed(auth, (d) => {
      d.spec.template.spec.automountServiceAccountToken = undefined;
    });
    const account = changed(serviceAccount("auth"), (a) => {
      a.automountServiceAccountToken = true;
    });

    expect(
      serviceAccounts(environment("dev", [mounted, account])).map((v) => `${v.kind} ${v.path}`),
    ).toEqual([
      "Deployment spec.template.spec.automountServiceAccountToken",
      "ServiceAccount automountServiceAccountToken",
    ]);
  });

  it("reports the default account, a missing one and one shared by two workloads", () => {
    const usesDefault = changed(auth, (d) => {
      d.spec.template.spec.serviceAccountName = undefined;
    });
    const sharesAuths = changed(orders, (d) => {
      d.spec.template.spec.serviceAccountName = "auth";
    });
    const auth2 = changed(auth, (d) => {
      d.metadata.name = "auth-2";
    });

    expect(
      serviceAccounts(environment("dev", [usesDefault, orders])).map((v) => v.message),
    ).toEqual([
      "must name a ServiceAccount of the workload's own, not default",
      "ServiceAccount orders does not exist",
    ]);
    expect(
      serviceAccounts(environment("dev", [auth2, sharesAuths, serviceAccount("auth")])).map(
        (v) => v.message,
      ),
    ).toEqual([
      "ServiceAccount auth is shared with Deployment/orders",
      "ServiceAccount auth is shared with Deployment/auth-2",
    ]);
  });
});
