// NATS, Redis and PostgreSQL from their installed programs: the launcher's private servers
// (`npm start` on a machine without them) and the tests' own, which a test can stop and restart.
export { defaultSearchDirs, dirsWithAll, findExecutable } from "./binaries.js";
export { lastLines } from "./log-tail.js";
export { startNats } from "./nats.js";
export { freePort, isPortFree, LOOPBACK } from "./ports.js";
export { startPostgres } from "./postgres.js";
export {
  createPrivateNatsServer,
  createPrivateRedisServer,
  type PrivateServer,
} from "./private-server.js";
export { natsAnswers, postgresAnswers, redisAnswers } from "./probes.js";
export {
  describeExit,
  type Exit,
  isRunning,
  type LoggedProcess,
  programName,
  readPid,
  spawnLogged,
  stopProcess,
  waitForAnswer,
} from "./processes.js";
export { startRedis } from "./redis.js";
export type { RunningServer, ServerOptions } from "./running-server.js";
export { SetupError } from "./setup-error.js";
