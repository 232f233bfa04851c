import type { Stop } from "./service/define-service.js";

/**
 * Runs `task` every `intervalMs` until stopped. The next run is scheduled only once the previous
 * one finished, so runs never overlap however slow their work is; a failed run is reported to
 * `onError` and the schedule goes on. Stopping waits for a run in progress.
 */
export function every(
  intervalMs: number,
  task: () => Promise<void>,
  onError: (error: unknown) => void,
): Stop {
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  let stopped = false;

  const schedule = () => {
    if (stopped) return;
    timer = setTimeout(() => {
      running = task().catch(onError).finally(schedule);
    }, intervalMs);
  };

  schedule();
  return async () => {
    stopped = true;
    clearTimeout(timer);
    await running;
  };
}
