export * from "./connect.js";
export * from "./consumer.js";
export * from "./env.js";
export * from "./errors.js";
export * from "./outbox-relay.js";
export * from "./publisher.js";
export * from "./service-bus.js";
export * from "./stream.js";
