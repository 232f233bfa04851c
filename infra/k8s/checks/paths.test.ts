import { describe, expect, it } from "vitest";
import { child, fromPointer } from "./paths.js";

describe("paths inside an object", () => {
  it("join field names with dots and array indices in brackets", () => {
    expect(child(child(child("spec", "containers"), 0), "image")).toBe("spec.containers[0].image");
  });

  it("quote a key that is no identifier", () => {
    expect(child("metadata.labels", "app.kubernetes.io/name")).toBe(
      'metadata.labels["app.kubernetes.io/name"]',
    );
  });

  it("read ajv's JSON pointers, escapes included", () => {
    expect(fromPointer("/spec/template/spec/containers/0/name")).toBe(
      "spec.template.spec.containers[0].name",
    );
    expect(fromPointer("/metadata/annotations/a~1b")).toBe('metadata.annotations["a/b"]');
    expect(fromPointer("")).toBe("");
  });
});
