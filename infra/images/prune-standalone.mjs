// Plain JavaScript on purpose: it runs inside the image build, with the base image's node.
// `node prune-standalone.mjs <standalone dir> <app dir>` drops sharp from Next's standalone
// output when the built config says images are not optimized. Next traces sharp (the image
// optimizer's codec, about 20 MB with its libvips) into every standalone output, but with
// `images.unoptimized` the optimizer never runs. The built config decides, not this file: a
// storefront that turns optimization on keeps sharp.
import { existsSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

/** sharp, and its platform builds and libvips under @img. */
export const SHARP_PACKAGES = ["sharp", "@img"];

/** What the build recorded of next.config (images.unoptimized, among the rest). */
export function optimizesImages(standaloneDir, appDir) {
  const manifest = join(standaloneDir, appDir, ".next", "required-server-files.json");
  const { config } = JSON.parse(readFileSync(manifest, "utf8"));
  return config?.images?.unoptimized !== true;
}

/** The packages removed (none when images are optimized, or sharp is not there). */
export function pruneStandalone(standaloneDir, appDir) {
  if (optimizesImages(standaloneDir, appDir)) return [];
  const removed = [];
  for (const name of SHARP_PACKAGES) {
    const path = join(standaloneDir, "node_modules", name);
    if (!existsSync(path)) continue;
    rmSync(path, { recursive: true });
    removed.push(name);
  }
  return removed;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [standaloneDir = ".", appDir = "."] = process.argv.slice(2);
  const removed = pruneStandalone(standaloneDir, appDir);
  console.log(
    removed.length > 0
      ? `images.unoptimized: removed ${removed.join(", ")} from ${standaloneDir}`
      : "kept the standalone output as it is",
  );
}
