import type { Core } from "./core";
import { notFound } from "./errors";
import { clearFaults, setFaults } from "./faults";
import { addCredits, consume } from "./state/credits";
import { expireTokens, validateCredential } from "./state/credentials";
import { getSender, getUser } from "./state/lookup";
import { emptyState, type Service } from "./state/model";
import { applySeed } from "./state/seed";
import { moderateSender } from "./state/senders";
import { toSnapshot } from "./state/snapshot";
import type { EmulatorControl } from "./types";

// In-process control of a running emulator: the same operations as the /_emulator/ HTTP API (admin.ts).
// Methods are synchronous; the state file is written in the background (and flushed by close()).

export function createControl(core: Core): EmulatorControl {
  const changed = (): void => {
    core.persist().catch((e: Error) => process.stderr.write(`[ovh-sms-emulator] state file: ${e.message}\n`));
  };
  const service = (serviceName: string): Service => {
    const s = core.state.services.get(serviceName);
    if (!s) throw notFound(`The SMS account ${serviceName} does not exist`);
    return s;
  };
  return {
    seed(doc) {
      applySeed(core.state, doc, core.clock.now());
      changed();
    },
    /** Back to an empty emulator: no state, no faults, empty request log. */
    reset() {
      core.state = emptyState();
      clearFaults(core.faults);
      core.log.clear();
      changed();
    },
    state: () => toSnapshot(core.state),
    requests: () => core.log.list(),
    clearRequests: () => core.log.clear(),
    setFaults: (f) => setFaults(core.faults, f),
    clearFaults: () => clearFaults(core.faults),
    consume(serviceName, login, credits) {
      const s = service(serviceName);
      consume(s, login === null ? null : getUser(s, login), credits);
      changed();
    },
    addCredits(serviceName, credits) {
      addCredits(service(serviceName), credits);
      changed();
    },
    moderateSender(serviceName, sender, status, comment) {
      moderateSender(getSender(service(serviceName), sender), status, comment);
      changed();
    },
    validateCredential(consumerKey) {
      validateCredential(core.state, consumerKey);
      changed();
    },
    expireTokens() {
      expireTokens(core.state, core.clock.now());
      changed();
    },
  };
}
