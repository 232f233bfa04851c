/** sharp, and its platform builds and libvips under @img. */
export const SHARP_PACKAGES: readonly string[];
/** What the build recorded of next.config (images.unoptimized, among the rest). */
export function optimizesImages(standaloneDir: string, appDir: string): boolean;
/** The packages removed (none when images are optimized, or sharp is not there). */
export function pruneStandalone(standaloneDir: string, appDir: string): string[];
