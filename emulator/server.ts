import https from "node:https";
import type { AddressInfo } from "node:net";
import { createAdminHandler } from "./admin";
import { serveApi } from "./api";
import { createControl } from "./control";
import type { Core } from "./core";
import { OvhError } from "./errors";
import { createFaults } from "./faults";
import { sendError } from "./http";
import { createRequestLog } from "./log";
import { createPersister, loadStateFile } from "./persistence";
import { apiRouter } from "./routes";
import { emptyState } from "./state/model";
import { applySeed } from "./state/seed";
import { defaultCaDir, issueServerCertificate, loadOrCreateCa } from "./tls";
import type { EmulatorOptions, RunningEmulator } from "./types";

export interface InternalOptions extends EmulatorOptions {
  /** One stdout line per API request (the CLI turns it on). */
  logRequests?: boolean;
}

/**
 * Starts an HTTPS emulator of OVH's SMS API. A state file, when given and present, wins over `seed` (the seed
 * is applied only to a fresh state), so restarting the CLI with the same arguments loses nothing.
 */
export async function startEmulator(options: InternalOptions = {}): Promise<RunningEmulator> {
  const host = options.host ?? "127.0.0.1";
  const ca = await loadOrCreateCa(options.caDir ?? defaultCaDir());
  const tls = issueServerCertificate(ca, host);
  const offsetMs = (options.clockOffsetSeconds ?? 0) * 1000;
  const loaded = options.stateFile ? await loadStateFile(options.stateFile) : null;

  const core: Core = {
    state: loaded ?? emptyState(),
    clock: { now: () => Date.now() + offsetMs },
    origin: "",
    host,
    port: 0,
    timestampWindowSeconds: options.timestampWindowSeconds ?? 300,
    quiet: options.quiet ?? false,
    logRequests: options.logRequests ?? false,
    log: createRequestLog(),
    faults: createFaults(),
    persist: () => Promise.resolve(),
    flushed: () => Promise.resolve(),
  };
  const persister = createPersister(options.stateFile, () => core.state);
  core.persist = () => persister.save();
  core.flushed = () => persister.flush();
  if (!loaded && options.seed) applySeed(core.state, options.seed, core.clock.now());
  if (loaded && options.seed && !core.quiet) {
    process.stderr.write(
      `[ovh-sms-emulator] state loaded from ${options.stateFile}: the seed was not applied ` +
        "(delete the state file to start from the seed)\n",
    );
  }

  const control = createControl(core);
  const admin = createAdminHandler(core, control);
  const router = apiRouter();
  const server = https.createServer(
    { key: tls.key, cert: tls.cert, keepAliveTimeout: 30_000 },
    (req, res) => {
      const handle = req.url?.startsWith("/_emulator/") ? admin(req, res) : serveApi(core, router, req, res);
      handle.catch((e: unknown) => {
        process.stderr.write(`[ovh-sms-emulator] ${(e as Error)?.stack ?? String(e)}\n`);
        if (!res.headersSent)
          sendError(res, new OvhError(500, "Server::InternalServerError", "Internal server error"));
      });
    },
  );
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  // Only now: a start that fails (port in use) must not leave a state file that would hide the seed next time.
  if (options.stateFile) await core.persist();
  const port = (server.address() as AddressInfo).port;
  const urlHost = ["0.0.0.0", "::"].includes(host) ? "127.0.0.1" : host.includes(":") ? `[${host}]` : host;
  core.origin = `https://${urlHost}:${port}`;
  core.port = port;

  const env = environment(core, ca.caFile);
  return {
    origin: core.origin,
    endpoint: `${core.origin}/1.0`,
    host: urlHost,
    port,
    caFile: ca.caFile,
    env,
    envLines: Object.entries(env).map(([k, v]) => `export ${k}=${shellQuote(v)}`),
    control,
    close: async () => {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await core.persist();
    },
  };
}

/**
 * What a client needs: the CA and the endpoint, plus credentials when the seed makes the choice obvious
 * (exactly one application with exactly one validated consumer key, or else exactly one OAuth2 client).
 */
function environment(core: Core, caFile: string): Record<string, string> {
  const env: Record<string, string> = { NODE_EXTRA_CA_CERTS: caFile, OVH_ENDPOINT: `${core.origin}/1.0` };
  const apps = [...core.state.applications.values()];
  const clients = [...core.state.oauth2Clients.values()];
  const onlyApp = apps.length === 1 ? apps[0] : undefined;
  const keys = onlyApp
    ? [...core.state.consumerKeys.values()].filter(
        (k) => k.applicationKey === onlyApp.applicationKey && k.state === "validated",
      )
    : [];
  const onlyKey = keys.length === 1 ? keys[0] : undefined;
  const onlyClient = clients.length === 1 ? clients[0] : undefined;
  if (onlyApp && onlyKey) {
    env.OVH_APPLICATION_KEY = onlyApp.applicationKey;
    env.OVH_APPLICATION_SECRET = onlyApp.applicationSecret;
    env.OVH_CONSUMER_KEY = onlyKey.consumerKey;
  } else if (apps.length === 0 && onlyClient) {
    env.OVH_CLIENT_ID = onlyClient.clientId;
    env.OVH_CLIENT_SECRET = onlyClient.clientSecret;
  }
  return env;
}

function shellQuote(value: string): string {
  return /^[\w@%+=:,./-]+$/.test(value) ? value : `'${value.replace(/'/g, "'\\''")}'`;
}
