import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import type { RunningEmulator } from "../../emulator";
import { baseSeed, control, startTestEmulator } from "./helpers";

// Counts state-file writes: the persister writes through tls.writeAtomic, wrapped here (the CA files too,
// hence counting only writes to the state file).

const writes = vi.hoisted(() => ({ files: [] as string[] }));
vi.mock("../../emulator/tls", async (importOriginal) => {
  const real = await importOriginal<typeof import("../../emulator/tls")>();
  return {
    ...real,
    writeAtomic: (file: string, content: string, mode?: number) => {
      writes.files.push(file);
      return real.writeAtomic(file, content, mode);
    },
  };
});

const dir = mkdtempSync(join(tmpdir(), "ovh-sms-writes-"));
const stateFile = join(dir, "state.json");
let emu: RunningEmulator;
const stateWrites = (): number => writes.files.filter((f) => f === stateFile).length;

beforeAll(async () => {
  emu = await startTestEmulator(baseSeed(), { stateFile });
});
afterAll(async () => {
  await emu.close();
  rmSync(dir, { recursive: true, force: true });
});
beforeEach(() => {
  writes.files.length = 0;
});

describe("state file writes through the control API", () => {
  it("a state change is written once, and is on disk when the answer arrives", async () => {
    expect((await control(emu, "POST", "/sms/sms-ab12345-1/credits", { credits: 5 })).status).toBe(200);
    expect(stateWrites()).toBe(1);
  });

  it("the request log and faults are not state: no write", async () => {
    expect((await control(emu, "DELETE", "/requests")).status).toBe(200);
    expect((await control(emu, "PUT", "/faults", { latencyMs: 1 })).status).toBe(200);
    expect((await control(emu, "DELETE", "/faults")).status).toBe(200);
    expect((await control(emu, "GET", "/state")).status).toBe(200);
    expect(stateWrites()).toBe(0);
  });
});
