import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { deployment, environment, statefulSet } from "./fixtures.js";
import { imageBuilds, skaffoldArtifacts, skaffoldDockerfiles } from "./image-builds.js";

const skaffold = parse(`
apiVersion: skaffold/v4beta11
kind: Config
build:
  artifacts:
    - image: microtickets/auth
      docker:
        dockerfile: infra/images/auth.Dockerfile
profiles:
  - name: prod
    build:
      artifacts:
        - image: microtickets/orders
          context: infra
          docker:
            dockerfile: images/orders.Dockerfile
`);
const files = new Set(["infra/images/auth.Dockerfile", "infra/images/orders.Dockerfile"]);
const exists = (path: string) => files.has(path);
const artifacts = skaffoldArtifacts([skaffold]);
const check = (...names: string[]) =>
  imageBuilds(
    artifacts,
    exists,
  )(
    environment("dev", [
      ...names.map((name) => deployment(name, 4000)),
      statefulSet("nats", 4222, "nats:2.10.24-alpine"),
    ]),
  ).map((v) => `${v.kind}/${v.name} ${v.path}: ${v.message}`);

describe("the image build rules", () => {
  it("read skaffold's artifacts with its defaults, in profiles too", () => {
    expect(
      artifacts.map(({ image, context, dockerfile }) => `${image} ${context} ${dockerfile}`),
    ).toEqual([
      "microtickets/auth . infra/images/auth.Dockerfile",
      "microtickets/orders infra images/orders.Dockerfile",
    ]);
  });

  it("pass an image with its Dockerfile and artifact, ignoring third-party images", () => {
    expect(check("auth", "orders")).toEqual([]);
  });

  it("report an image with neither Dockerfile nor artifact", () => {
    expect(check("tickets")).toEqual([
      "Deployment/tickets spec.template.spec.containers[0].image: infra/images/tickets.Dockerfile does not exist",
      "Deployment/tickets spec.template.spec.containers[0].image: skaffold.yaml has no artifact microtickets/tickets",
    ]);
  });

  it("report an artifact that builds an image from another Dockerfile, or from one that does not exist", () => {
    const elsewhere = skaffoldArtifacts([
      {
        build: {
          artifacts: [{ image: "microtickets/auth", docker: { dockerfile: "auth/Dockerfile" } }],
        },
      },
    ]);

    expect(
      imageBuilds(
        elsewhere,
        exists,
      )(environment("dev", [deployment("auth", 4001)])).map((v) => v.message),
    ).toEqual(["builds microtickets/auth from auth/Dockerfile, not infra/images/auth.Dockerfile"]);
    expect(skaffoldDockerfiles(elsewhere, exists).map((v) => `${v.path}: ${v.message}`)).toEqual([
      "[0].build.artifacts[0].docker.dockerfile: auth/Dockerfile (for microtickets/auth) does not exist",
    ]);
    expect(skaffoldDockerfiles(artifacts, exists)).toEqual([]);
  });
});
