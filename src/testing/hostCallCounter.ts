/**
 * Counts host calls: every method call on an object reached from the API object (statics,
 * projects, sequences, tracks, markers, TickTimes...), as each one crosses into Premiere in UXP.
 * Property reads that return plain values (names, constants) are not counted. Objects handed back
 * to the API are unwrapped, so the fake still recognises its own objects.
 */
export interface HostCallCounter<T> {
  api: T;
  calls(): number;
  /** Calls per "Type.method", for reading where they go. */
  byMethod(): Map<string, number>;
  reset(): void;
}

export function countHostCalls<T extends object>(api: T): HostCallCounter<T> {
  const proxies = new WeakMap<object, object>();
  const originals = new WeakMap<object, object>();
  const perMethod = new Map<string, number>();
  let calls = 0;

  const unwrap = (v: unknown): unknown => (typeof v === 'object' && v !== null && originals.has(v) ? originals.get(v) : v);
  const wrap = (v: unknown, owner: string): unknown => {
    if (v instanceof Promise) return v.then((r: unknown) => wrap(r, owner));
    if (Array.isArray(v)) return v.map((x: unknown) => wrap(x, owner));
    if (typeof v !== 'object' || v === null) return v;
    const known = proxies.get(v);
    if (known) return known;
    const proxy = new Proxy(v, {
      get(target, key) {
        const value: unknown = Reflect.get(target, key, target);
        const own = Object.getOwnPropertyDescriptor(target, key);
        // A frozen property must read as itself (Proxy invariant): constants are.
        if (own && !own.configurable && !own.writable && 'value' in own) return value;
        const name = `${owner}.${String(key)}`;
        if (typeof value === 'function') {
          return (...args: unknown[]) => {
            calls++;
            perMethod.set(name, (perMethod.get(name) ?? 0) + 1);
            return wrap((value as (...a: unknown[]) => unknown).apply(target, args.map(unwrap)), String(key));
          };
        }
        return wrap(value, String(key));
      },
    });
    proxies.set(v, proxy);
    originals.set(proxy, v);
    return proxy;
  };

  return {
    api: wrap(api, 'premierepro') as T,
    calls: () => calls,
    byMethod: () => new Map(perMethod),
    reset: () => {
      calls = 0;
      perMethod.clear();
    },
  };
}
