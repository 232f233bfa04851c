/** A server the launcher started itself and must stop. */
export interface PrivateServer {
  url: string;
  port: number;
  stop(): Promise<void>;
}

export interface PrivateServerOptions {
  /** The server's own data directory, e.g. `<repo>/.data/redis`. */
  dataDir: string;
  logFile: string;
  host: string;
  startTimeoutMs: number;
}
