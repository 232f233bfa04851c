// The test kit: start a service as it runs, feed it events, wait for what it does.

export { busBatchSizeOf } from "./bus-metrics.js";
export { eventApplied, eventDeadLettered } from "./consumed.js";
export * as consumerFuzz from "./consumer-fuzz.js";
export { type EventLog, watchEvents } from "./event-log.js";
export { eventually } from "./eventually.js";
export * as fuzz from "./fuzz.js";
export { sample, sampleOrder, sampleTicketCreated } from "./sample-events.js";
export {
  createTestSessions,
  generateSessionKeys,
  type SessionKeyPair,
  signTestToken,
  type TestSessions,
  type TestTokenOptions,
} from "./sessions.js";
export { createTestBus, type TestBus, testNatsUrl } from "./test-bus.js";
export { createTestDatabase, type TestDatabase, testServerUrl } from "./test-database.js";
export {
  startTestService,
  type TestService,
  type TestServiceOptions,
  testRedisUrl,
} from "./test-service.js";
