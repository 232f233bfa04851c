import { startStack } from "../e2e/stack.js";
import { propagationLatency } from "./marketplace.js";

const stack = await startStack();
try {
  console.log(JSON.stringify(await propagationLatency(stack, Number(process.env.TRIES ?? 40))));
} finally {
  await stack.stop();
}
