import { describe, expect, it } from "vitest";
import { createLiveCache } from "../../provider/liveCache";

// A plain in-memory source: what is under test is when the cache lists and fetches, not any API.
function source(objects: Record<string, string[]>) {
  const calls: string[] = [];
  return {
    calls,
    list: async (account: string) => {
      calls.push(`list ${account}`);
      return objects[account] ?? [];
    },
    fetch: async (account: string, key: string) => {
      calls.push(`get ${account}/${key}`);
      return objects[account]?.includes(key) ? `${account}/${key}` : undefined;
    },
  };
}

describe("createLiveCache", () => {
  it("fetches a single object directly, without listing the account", async () => {
    const src = source({ a: ["x", "y", "z"] });
    const cache = createLiveCache(src);
    expect(await cache.get("a", "x")).toBe("a/x");
    expect(src.calls).toEqual(["get a/x"]);
  });

  it("does not list the account when the same object is read again (diff, then update)", async () => {
    const src = source({ a: ["x", "y", "z"] });
    const cache = createLiveCache(src);
    await cache.get("a", "x");
    await cache.get("a", "x");
    expect(src.calls).toEqual(["get a/x"]);
  });

  it("lists once and fetches the rest in parallel from the second object on", async () => {
    const started: string[] = [];
    const finish = new Map<string, () => void>();
    const cache = createLiveCache({
      list: async (account: string) => (account === "a" ? ["x", "y", "z", "w"] : ["v"]),
      // Each fetch stays in flight until the test finishes it.
      fetch: (account: string, key: string) =>
        new Promise<string | undefined>((resolve) => {
          started.push(`${account}/${key}`);
          finish.set(`${account}/${key}`, () => resolve(`${account}/${key}`));
        }),
    });
    const finishAll = () => finish.forEach((done) => done());
    const x = cache.get("a", "x");
    finishAll();
    expect(await x).toBe("a/x");
    const y = cache.get("a", "y");
    await new Promise((resolve) => setImmediate(resolve)); // the listing answers
    // z and w were started while y is still in flight, and before either of them finished: in parallel.
    expect(started).toEqual(["a/x", "a/y", "a/z", "a/w"]);
    finishAll();
    expect(await y).toBe("a/y");
    expect(await cache.get("a", "z")).toBe("a/z");
    expect(await cache.get("a", "w")).toBe("a/w");
    expect(await cache.get("a", "gone")).toBeUndefined(); // not listed: not fetched
    const v = cache.get("b", "v"); // another account: its own first lookup, no listing
    finishAll();
    expect(await v).toBe("b/v");
    expect(started).toEqual(["a/x", "a/y", "a/z", "a/w", "b/v"]);
  });

  it("fetches the second object beside the listing, not after it", async () => {
    const events: string[] = [];
    let finishList: (keys: string[]) => void = () => {};
    const cache = createLiveCache({
      list: () => new Promise<string[]>((resolve) => (finishList = resolve)),
      fetch: async (_account: string, key: string) => {
        events.push(`get ${key}`);
        return key;
      },
    });
    await cache.get("a", "x");
    expect(await cache.get("a", "y")).toBe("y"); // the listing is still pending
    finishList(["x", "y", "z"]);
    expect(await cache.get("a", "z")).toBe("z");
    expect(events).toEqual(["get x", "get y", "get z"]); // nothing fetched twice
  });

  it("serves written values and forgets failed fetches", async () => {
    let fail = true;
    const cache = createLiveCache({
      list: async () => ["x"],
      fetch: async () => {
        if (fail) throw new Error("boom");
        return "ok";
      },
    });
    await expect(cache.get("a", "x")).rejects.toThrow("boom");
    fail = false;
    expect(await cache.get("a", "x")).toBe("ok");
    cache.set("a", "x", "written");
    expect(await cache.get("a", "x")).toBe("written");
  });
});
