import { z } from "zod";
import { defineEvent, id, version } from "./event.js";
import { Subjects } from "./subjects.js";

/** The order was paid: its ticket is sold. */
export const OrderCompleted = defineEvent(
  Subjects.OrderCompleted,
  z.object({ id, userId: id, version, ticket: z.object({ id }) }),
);
