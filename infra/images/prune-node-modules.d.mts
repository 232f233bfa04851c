/** Whether a file (its name only) is something node never reads at run time. */
export function isPrunable(fileName: string): boolean;
/** Whether a folder is a package's tests, benchmarks or examples (named so, in a package's root). */
export function isDevelopmentFolder(folderName: string, parentIsPackage: boolean): boolean;
/** Deletes the prunable files and folders under `dir` (links are left alone); the bytes freed. */
export function pruneTree(dir: string): number;
