import { runService } from "@microtickets/common";
import { ordersService } from "./service.js";

await runService(ordersService);
