/**
 * Runs once as the server starts: a bad environment stops it here with one line naming the
 * variable, rather than on the first visitor's request. (Node only: the check may exit.)
 */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME === "nodejs") {
    const { checkConfigAtStart } = await import("./server/config-check");
    checkConfigAtStart();
  }
}
