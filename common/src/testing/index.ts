export * from "./eventually.js";
export * from "./sample-events.js";
export * from "./test-bus.js";
export * from "./test-database.js";
