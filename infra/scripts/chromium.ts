import { existsSync } from "node:fs";
import { SetupError } from "@microtickets/dev-servers";
import type { Browser } from "playwright-core";
import { detectHost, type HostFacts, installPackages } from "../launcher/install.js";

/** Debian's Chromium: the browser the end-to-end tests drive (Playwright's own is a download). */
export const CHROMIUM = "/usr/bin/chromium";

/** The flags Debian's Chromium needs as root in a container, and none that phone home. */
const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-gpu",
  "--no-first-run",
  "--disable-sync",
];

/** Chromium, headless, as the browser tests and the screenshots drive it. */
export async function launchChromium(): Promise<Browser> {
  // Loaded here, not at the top: `npm test` imports this file only to check Chromium is there.
  const { chromium } = await import("playwright-core");
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
}

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
