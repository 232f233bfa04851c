import { once } from "node:events";
import { createServer } from "node:net";
import { describe, expect, it } from "vitest";
import { FREE_PORT_RANGE, freePort, isPortFree, LOOPBACK } from "./ports.js";

describe("freePort", () => {
  it("never offers a port twice in one process, though each is closed again at once", async () => {
    const ports: number[] = [];
    for (let i = 0; i < 500; i++) ports.push(await freePort());

    expect(new Set(ports).size).toBe(ports.length);
    for (const port of ports) {
      expect(port).toBeGreaterThanOrEqual(FREE_PORT_RANGE.from);
      expect(port).toBeLessThanOrEqual(FREE_PORT_RANGE.to);
    }
  });

  it("offers a port that can be listened on, and isPortFree sees it taken once it is", async () => {
    const port = await freePort();
    const server = createServer().listen(port, LOOPBACK);
    await once(server, "listening");
    try {
      expect(await isPortFree(port)).toBe(false);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
    expect(await isPortFree(port)).toBe(true);
  });
});
