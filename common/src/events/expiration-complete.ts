import { z } from "zod";
import { defineEvent, id } from "./event.js";
import { Subjects } from "./subjects.js";

/** An order's lock ran out. Orders cancels it unless it was paid meanwhile. */
export const ExpirationComplete = defineEvent(
  Subjects.ExpirationComplete,
  z.object({ orderId: id }),
);
