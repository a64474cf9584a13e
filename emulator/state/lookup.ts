import { objectNotFound, serviceNotFound } from "../errors";
import type { Sender, Service, State, User } from "./model";

/** A service is visible only to its own customer; anything else is "This service does not exist". */
export function getService(state: State, nic: string, serviceName: string): Service {
  const service = state.services.get(serviceName);
  if (!service || service.nic !== nic) throw serviceNotFound();
  return service;
}

export function listServices(state: State, nic: string): string[] {
  return [...state.services.values()]
    .filter((s) => s.nic === nic)
    .map((s) => s.serviceName)
    .sort();
}

export function getUser(service: Service, login: string): User {
  const user = service.users.get(login);
  if (!user) throw objectNotFound("login", login);
  return user;
}

export function getSender(service: Service, sender: string): Sender {
  const found = service.senders.get(sender);
  if (!found) throw objectNotFound("sender", sender);
  return found;
}

/** The owner of receivers slots: the account itself, or one of its users. */
export function receiversOwner(service: Service, login: string | null): Service | User {
  return login === null ? service : getUser(service, login);
}
