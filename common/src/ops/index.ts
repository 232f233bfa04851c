export * from "./health.js";
export * from "./metrics.js";
