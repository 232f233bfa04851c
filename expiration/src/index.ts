import { runService } from "@microtickets/common";
import { expirationService } from "./service.js";

await runService(expirationService);
