export * from "./eventually.js";
export * from "./test-bus.js";
export * from "./test-database.js";
