import { startStack } from "../e2e/stack.js";
import { rushOnManyTickets } from "./rush.js";

const stack = await startStack(JSON.parse(process.env.RUSH_ENV ?? "{}"));
try {
  console.log(`ready in ${stack.readyInMs} ms`);
  const result = await rushOnManyTickets(stack, {
    tickets: Number(process.env.RUSH_TICKETS ?? 3000),
    buyers: 200,
    inFlight: 64,
  });
  console.log(JSON.stringify(result, null, 2));
} finally {
  await stack.stop();
}
