export * from "./eventually.js";
export * from "./test-database.js";
