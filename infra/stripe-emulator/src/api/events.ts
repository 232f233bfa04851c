import { Router } from "express";
import type { EventLog } from "../account/events.js";
import { rejectUnknownParams } from "../params.js";
import { resourceMissing } from "../stripe-errors.js";
import type { Endpoint } from "./endpoint.js";

export function eventRoutes(events: EventLog, endpoint: Endpoint): Router {
  const router = Router();

  router.get(
    "/v1/events/:id",
    endpoint(({ params, id }) => {
      rejectUnknownParams(params, ["expand"]);
      const event = events.find(id);
      if (!event) throw resourceMissing("event", id);
      return event;
    }),
  );

  return router;
}
