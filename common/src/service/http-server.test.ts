import { Agent, request } from "node:http";
import type { AddressInfo } from "node:net";
import express from "express";
import { describe, expect, it } from "vitest";
import { closeServer, listen } from "./http-server.js";

describe("closeServer", () => {
  it("finishes a request in flight, then closes its keep-alive connection at once", async () => {
    let answer: (() => void) | undefined;
    const app = express().get("/slow", (_req, res) => {
      answer = () => res.json({ done: true });
    });
    const server = await listen(app, 0);
    const { port } = server.address() as AddressInfo;
    const agent = new Agent({ keepAlive: true });
    const response = new Promise<number>((resolve, reject) => {
      request({ port, path: "/slow", agent }, (res) => {
        res.resume();
        res.on("end", () => resolve(res.statusCode ?? 0));
      })
        .on("error", reject)
        .end();
    });
    // The request is being handled when the server is told to close.
    while (!answer) await new Promise((resolve) => setImmediate(resolve));
    const closed = closeServer(server);

    answer();

    expect(await response).toBe(200);
    // Without closing it, the now idle keep-alive connection would hold the server open for
    // its 65 s keep-alive timeout, far past this test's.
    await closed;
    expect(server.listening).toBe(false);
    agent.destroy();
  });
});
