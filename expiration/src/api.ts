// What other packages may know of expiration: nothing of its own. It answers no API but its
// health checks, and what it publishes (expiration.complete) is declared in common's catalog.
export {};
