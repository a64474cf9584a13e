/**
 * The users of each account as this operation has seen them, read once and shared by every resource that
 * needs them: SmsUser (its diff and check), and SmsReceiverSlot (a user's list needs the user to exist).
 */
import { getUser, listUsers, type User } from "../sdk";
import { perOperation } from "./config";
import { createLiveCache, notFoundAsUndefined } from "./liveCache";

export const liveUsers = perOperation((client) =>
  createLiveCache<User>({
    list: (serviceName) => listUsers(client, serviceName),
    fetch: (serviceName, login) => getUser(client, serviceName, login).catch(notFoundAsUndefined),
  }),
);
