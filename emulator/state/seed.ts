import { z } from "zod";
import { badRequest, conflict } from "../errors";
import { rulesSchema } from "./credentials";
import { ALL_RULES, isoSeconds, newService, newUser, type State } from "./model";
import { checkLogin, checkPassword } from "./users";
import { roundCredits } from "./validate";

// Seeding is additive: it refuses to overwrite anything that exists (reset first for a clean slate).

const seedSchema = z.strictObject({
  customers: z.array(
    z.strictObject({
      nic: z.string().min(1),
      email: z.string().optional(),
      services: z
        .array(
          z.strictObject({
            serviceName: z.string().regex(/^[A-Za-z0-9._-]+$/, "letters, digits, '.', '_' or '-'"),
            creditsLeft: z.number().min(0).optional(),
            description: z.string().optional(),
            status: z.enum(["enable", "disable"]).optional(),
            channel: z.enum(["both", "marketing", "transactional"]).optional(),
            smpp: z.boolean().optional(),
            users: z.array(z.strictObject({ login: z.string(), password: z.string() })).optional(),
            senders: z
              .array(
                z.strictObject({
                  sender: z.string().min(1),
                  status: z.enum(["disable", "enable", "refused", "waitingValidation"]).optional(),
                  description: z.string().optional(),
                }),
              )
              .optional(),
          }),
        )
        .optional(),
      applications: z
        .array(
          z.strictObject({
            applicationKey: z.string().min(1),
            applicationSecret: z.string().min(1),
            consumerKeys: z
              .array(
                z.strictObject({
                  consumerKey: z.string().min(1),
                  state: z.enum(["validated", "pendingValidation", "expired", "refused"]).optional(),
                  rules: rulesSchema.optional(),
                }),
              )
              .optional(),
          }),
        )
        .optional(),
      oauth2Clients: z
        .array(
          z.strictObject({
            clientId: z.string().min(1),
            clientSecret: z.string().min(1),
            rules: rulesSchema.optional(),
          }),
        )
        .optional(),
    }),
  ),
});

export type ParsedSeed = z.output<typeof seedSchema>;

export function parseSeed(doc: unknown): ParsedSeed {
  const result = seedSchema.safeParse(doc);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw badRequest(
      `Invalid seed document: ${issue ? `${issue.path.join(".")}: ${issue.message}` : "invalid"}`,
    );
  }
  return result.data;
}

/** Validates the whole document against the current state before changing anything. */
export function applySeed(state: State, raw: unknown, now: number): void {
  const doc = parseSeed(raw);
  checkNoDuplicates(state, doc);
  for (const c of doc.customers) {
    const customer = state.customers.get(c.nic) ?? {
      nic: c.nic,
      email: c.email ?? `${c.nic}@example.invalid`,
    };
    if (c.email !== undefined) customer.email = c.email;
    state.customers.set(c.nic, customer);
    for (const s of c.services ?? []) {
      const service = newService(s.serviceName, c.nic);
      service.creditsLeft = roundCredits(s.creditsLeft ?? 0);
      service.description = s.description ?? "";
      service.status = s.status ?? "enable";
      service.channel = s.channel ?? "both";
      service.smpp = s.smpp ?? false;
      for (const u of s.users ?? []) service.users.set(u.login, newUser(u.login, u.password));
      for (const snd of s.senders ?? []) {
        service.senders.set(snd.sender, {
          sender: snd.sender,
          description: snd.description ?? "",
          status: snd.status ?? "enable",
          comment: null,
          reason: null,
          referer: "custom",
          type: /^\+?\d+$/.test(snd.sender) ? "numeric" : "alpha",
        });
      }
      state.services.set(s.serviceName, service);
    }
    for (const a of c.applications ?? []) {
      state.applications.set(a.applicationKey, {
        applicationKey: a.applicationKey,
        applicationSecret: a.applicationSecret,
        applicationId: ++state.counters.application,
        nic: c.nic,
      });
      for (const k of a.consumerKeys ?? []) {
        state.consumerKeys.set(k.consumerKey, {
          consumerKey: k.consumerKey,
          applicationKey: a.applicationKey,
          credentialId: ++state.counters.credential,
          state: k.state ?? "validated",
          rules: k.rules ?? ALL_RULES.map((r) => ({ ...r })),
          creation: isoSeconds(now),
          expiration: null,
        });
      }
    }
    for (const o of c.oauth2Clients ?? []) {
      state.oauth2Clients.set(o.clientId, {
        ...o,
        nic: c.nic,
        rules: o.rules ?? ALL_RULES.map((r) => ({ ...r })),
      });
    }
  }
}

function checkNoDuplicates(state: State, doc: ParsedSeed): void {
  const seen = new Set<string>();
  const claim = (kind: string, key: string, exists: boolean): void => {
    if (exists || seen.has(`${kind}:${key}`)) throw conflict(`Seed: the ${kind} ${key} already exists`);
    seen.add(`${kind}:${key}`);
  };
  for (const c of doc.customers) {
    for (const s of c.services ?? []) {
      claim("service", s.serviceName, state.services.has(s.serviceName));
      const logins = new Set<string>();
      for (const u of s.users ?? []) {
        checkLogin(u.login);
        checkPassword(u.password);
        if (logins.has(u.login))
          throw conflict(`Seed: the user ${u.login} is listed twice in ${s.serviceName}`);
        logins.add(u.login);
      }
      const senders = new Set((s.senders ?? []).map((x) => x.sender));
      if (senders.size !== (s.senders ?? []).length)
        throw conflict(`Seed: a sender is listed twice in ${s.serviceName}`);
    }
    for (const a of c.applications ?? []) {
      claim("application", a.applicationKey, state.applications.has(a.applicationKey));
      for (const k of a.consumerKeys ?? [])
        claim("consumer key", k.consumerKey, state.consumerKeys.has(k.consumerKey));
    }
    for (const o of c.oauth2Clients ?? [])
      claim("OAuth2 client", o.clientId, state.oauth2Clients.has(o.clientId));
  }
}
