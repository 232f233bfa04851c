import { existsSync } from "node:fs";
import { detectHost, type HostFacts, installPackages } from "../launcher/install.js";
import { SetupError } from "../launcher/setup-error.js";

/** Debian's Chromium: the browser the end-to-end tests drive (Playwright's own is a download). */
export const CHROMIUM = "/usr/bin/chromium";

/**
 * Chromium for the browser tests: installed with apt-get when missing on Debian/Ubuntu as root,
 * as the launcher installs servers; anywhere else a failure naming the command to run.
 */
export async function ensureChromium(
  host: HostFacts = detectHost(),
  path: string = CHROMIUM,
): Promise<void> {
  if (existsSync(path)) return;
  await installPackages(["chromium"], host);
  if (!existsSync(path)) {
    throw new SetupError(`apt-get installed chromium, but there is no ${path}.`);
  }
}
