/** A server process we started and must stop. */
export interface RunningServer {
  url: string;
  port: number;
  stop(): Promise<void>;
}

export interface ServerOptions {
  /** The server's own data directory, e.g. `<repo>/.data/redis`. */
  dataDir: string;
  logFile: string;
  host: string;
  /** A port of the caller's choosing, e.g. the one a restarted server had; default a free one. */
  port?: number;
  startTimeoutMs: number;
  /**
   * In a process group of its own (the default), so a Ctrl-C in the terminal reaches only the
   * launcher, which then stops everything in order. A test's server stays in the test's group
   * instead: whatever ends the test run ends it too.
   */
  detached?: boolean;
}
