export * from "./consumed.js";
export * from "./event-log.js";
export * from "./eventually.js";
export * from "./private-server.js";
export * from "./sample-events.js";
export * from "./sessions.js";
export * from "./test-bus.js";
export * from "./test-database.js";
