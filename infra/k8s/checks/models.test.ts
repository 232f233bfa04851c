import { describe, expect, it } from "vitest";
import { modelFor } from "./models.js";

describe("the model registry", () => {
  it("finds the class of each API group the manifests use", () => {
    expect(modelFor("v1", "Service")?.kind).toBe("Service");
    expect(modelFor("apps/v1", "Deployment")?.kind).toBe("Deployment");
    expect(modelFor("batch/v1", "Job")?.kind).toBe("Job");
    expect(modelFor("policy/v1", "PodDisruptionBudget")?.kind).toBe("PodDisruptionBudget");
    expect(modelFor("autoscaling/v2", "HorizontalPodAutoscaler")?.kind).toBe(
      "HorizontalPodAutoscaler",
    );
    expect(modelFor("networking.k8s.io/v1", "NetworkPolicy")?.kind).toBe("NetworkPolicy");
    expect(modelFor("rbac.authorization.k8s.io/v1", "Role")?.kind).toBe("Role");
    expect(modelFor("gateway.networking.k8s.io/v1", "HTTPRoute")?.kind).toBe("HTTPRoute");
    expect(modelFor("postgresql.cnpg.io/v1", "Cluster")?.kind).toBe("Cluster");
  });

  it("knows no kind at a version we do not deploy, nor a misspelt kind", () => {
    expect(modelFor("autoscaling/v1", "HorizontalPodAutoscaler")).toBeUndefined();
    expect(modelFor("apps/v1", "Deploymnet")).toBeUndefined();
  });
});
