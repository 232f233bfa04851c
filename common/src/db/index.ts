export * from "./database.js";
export * from "./inbox.js";
export * from "./migrate.js";
export * from "./outbox.js";
export * from "./pool.js";
export * from "./transaction.js";
