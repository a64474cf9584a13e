import { createRouter, type Router } from "../router";
import { accountRoutes } from "./account";
import { authRoutes } from "./auth";
import { creditRoutes } from "./credits";
import { documentRoutes } from "./documents";
import { receiverRoutes } from "./receivers";
import { senderRoutes } from "./senders";
import { userRoutes } from "./users";

/** Every API route the emulator serves (paths relative to /1.0). COVERAGE.md lists them. */
export function apiRouter(): Router {
  return createRouter([
    ...authRoutes,
    ...accountRoutes,
    ...creditRoutes,
    ...userRoutes,
    ...receiverRoutes,
    ...senderRoutes,
    ...documentRoutes,
  ]);
}
