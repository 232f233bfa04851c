import { runService } from "@microtickets/common";
import { paymentsService } from "./service.js";

await runService(paymentsService);
