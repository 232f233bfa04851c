import { SetupError } from "@microtickets/dev-servers";
import { describe, expect, it } from "vitest";
import { ensureChromium } from "./chromium.js";

const missing = "/nonexistent/chromium";

describe("Chromium for the browser tests", () => {
  it("is used as it is when installed", async () => {
    await expect(
      ensureChromium({ platform: "linux", isRoot: false, isDebianLike: true }, process.execPath),
    ).resolves.toBeUndefined();
  });

  it("is installed only by root on Debian; anyone else is told the exact command", async () => {
    const user = ensureChromium({ platform: "linux", isRoot: false, isDebianLike: true }, missing);
    await expect(user).rejects.toThrow(SetupError);
    await expect(user).rejects.toThrow(
      "Install with:\n  sudo apt-get update && sudo apt-get install -y chromium",
    );

    const mac = ensureChromium({ platform: "darwin", isRoot: false, isDebianLike: false }, missing);
    await expect(mac).rejects.toThrow("brew install chromium");
  });
});
