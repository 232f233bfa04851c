import { runService } from "@microtickets/common";
import { ticketsService } from "./service.js";

await runService(ticketsService);
