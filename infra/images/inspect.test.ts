import { describe, expect, it } from "vitest";
import { parseImageInspect } from "./inspect.js";

// Trimmed from `podman image inspect microtickets/auth:dev`; docker's has the same fields.
const INSPECTED = JSON.stringify([
  {
    Id: "5132a2881dd8",
    Size: 139403694,
    Config: {
      User: "10001:10001",
      ExposedPorts: { "4001/tcp": {} },
      Env: ["PATH=/usr/local/bin:/usr/bin", "NODE_ENV=production", "EMPTY="],
      Cmd: ["node", "dist/index.js"],
      WorkingDir: "/app/auth",
      Labels: { "org.opencontainers.image.title": "microtickets-auth" },
    },
  },
]);

describe("reading image inspect", () => {
  it("gives the uncompressed size, user, workdir, command, environment, ports and labels", () => {
    expect(parseImageInspect(INSPECTED)).toEqual({
      size: 139403694,
      user: "10001:10001",
      workingDir: "/app/auth",
      command: ["node", "dist/index.js"],
      env: { PATH: "/usr/local/bin:/usr/bin", NODE_ENV: "production", EMPTY: "" },
      exposedPorts: ["4001/tcp"],
      labels: { "org.opencontainers.image.title": "microtickets-auth" },
    });
  });

  it("puts the entrypoint before the command, and reads an image without a config as empty", () => {
    const withEntrypoint = JSON.stringify([
      { Size: 1, Config: { Entrypoint: ["node"], Cmd: ["main.js"], Labels: null } },
    ]);
    expect(parseImageInspect(withEntrypoint)).toMatchObject({
      command: ["node", "main.js"],
      labels: {},
    });
    expect(parseImageInspect(JSON.stringify([{ Size: 5 }]))).toMatchObject({
      size: 5,
      command: [],
      user: "",
    });
  });

  it("refuses an answer that names no image", () => {
    expect(() => parseImageInspect("[]")).toThrow("image inspect printed no image");
  });
});
