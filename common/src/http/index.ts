export * from "./create-app.js";
export * from "./current-user.js";
export * from "./error-handler.js";
export * from "./idempotency.js";
export * from "./require-auth.js";
export * from "./require-json.js";
export * from "./session.js";
export * from "./validate-request.js";
