/**
 * Live objects of one account, fetched once per engine operation.
 *
 * The engine calls `diff` one resource at a time, so a preview of N users would cost N sequential
 * round trips. On a lookup of a second object in the same account we know the stack manages several objects
 * there: we list the account once and fetch every listed object in parallel (bounded by the client's
 * concurrency cap), so later lookups are served from memory. A provider process lives for one
 * operation, so the cache never outlives the state it describes; our own writes refresh it.
 */
import { isNotFound } from "../sdk";
export interface LiveCache<T> {
  get(serviceName: string, key: string): Promise<T | undefined>;
  set(serviceName: string, key: string, value: T | undefined): void;
}

interface AccountEntry<T> {
  /** Keys looked up so far: the same object read again (diff, then update) is no reason to list. */
  looked: Set<string>;
  objects: Map<string, Promise<T | undefined>>;
  listing?: Promise<Set<string> | undefined>;
}

export function createLiveCache<T>(source: {
  list(serviceName: string): Promise<string[]>;
  fetch(serviceName: string, key: string): Promise<T | undefined>;
}): LiveCache<T> {
  const accounts = new Map<string, AccountEntry<T>>();

  function account(serviceName: string): AccountEntry<T> {
    let entry = accounts.get(serviceName);
    if (!entry) {
      entry = { looked: new Set(), objects: new Map() };
      accounts.set(serviceName, entry);
    }
    return entry;
  }

  function fetchInto(entry: AccountEntry<T>, serviceName: string, key: string): Promise<T | undefined> {
    const pending = source.fetch(serviceName, key);
    entry.objects.set(key, pending);
    // A failed fetch must not be served again from the cache.
    pending.catch(() => entry.objects.delete(key));
    return pending;
  }

  function prefetchAccount(entry: AccountEntry<T>, serviceName: string): Promise<Set<string> | undefined> {
    return source.list(serviceName).then(
      (keys) => {
        for (const key of keys)
          if (!entry.objects.has(key)) void fetchInto(entry, serviceName, key).catch(() => {});
        return new Set(keys);
      },
      () => undefined, // listing is an optimisation: fall back to one GET per object
    );
  }

  return {
    async get(serviceName, key) {
      const entry = account(serviceName);
      entry.looked.add(key);
      const known = entry.objects.get(key);
      if (known) return known;
      if (entry.looked.size >= 2 && !entry.listing) {
        // This object is fetched at once, beside the listing: the engine waits for it, not for both.
        const own = fetchInto(entry, serviceName, key);
        entry.listing = prefetchAccount(entry, serviceName);
        return own;
      }
      if (entry.listing) {
        const listed = await entry.listing;
        const fetched = entry.objects.get(key);
        if (fetched) return fetched;
        if (listed && !listed.has(key)) return undefined;
      }
      return fetchInto(entry, serviceName, key);
    },
    set(serviceName, key, value) {
      account(serviceName).objects.set(key, Promise.resolve(value));
    },
  };
}

/** A read of an object that may not exist: 404 is `undefined`, other errors stay errors. */
export function notFoundAsUndefined(error: unknown): undefined {
  if (isNotFound(error)) return undefined;
  throw error;
}
