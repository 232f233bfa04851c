/** The subset of pino the emulator uses, so a service's pino logger can be passed as is. */
export interface EmulatorLogger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

const ignore = () => {};

export const silentLogger: EmulatorLogger = { info: ignore, warn: ignore, error: ignore };
