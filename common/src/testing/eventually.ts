/**
 * Polls `check` until it stops throwing (or returns a truthy value) or the deadline passes:
 * how tests wait for something asynchronous without sleeping a fixed time.
 */
export async function eventually<T>(
  check: () => Promise<T> | T,
  { timeoutMs = 5_000, intervalMs = 20 } = {},
): Promise<Exclude<T, false | undefined | null>> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown = new Error("condition was never met");
  while (Date.now() < deadline) {
    try {
      const value = await check();
      if (value !== false && value !== undefined && value !== null) {
        return value as Exclude<T, false | undefined | null>;
      }
      lastError = new Error(`condition returned ${String(value)}`);
    } catch (error) {
      lastError = error;
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
  throw lastError;
}
