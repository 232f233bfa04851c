// Prints README.md's authorization table, to paste between its markers:
//   node --conditions=source infra/bootstrap.mjs infra/e2e/print-authorization-matrix.ts
import { renderAuthorizationMatrix } from "./authorization-matrix-markdown.js";

console.log(renderAuthorizationMatrix());
