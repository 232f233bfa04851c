import { runService } from "@microtickets/common";
import { authService } from "./service.js";

await runService(authService);
