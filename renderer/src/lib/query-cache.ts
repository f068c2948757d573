/**
 * A tiny query cache: one entry per (method, request), shared by every component that asks, refetched when
 * invalidated. Stale data stays on screen while a refetch runs, so lists do not flicker.
 * Plain TypeScript (no React) so it is tested in node; `use-query.ts` binds it to components.
 */

export type QueryStatus = 'loading' | 'success' | 'error';

/** What a component sees. `data` survives refetches and errors of a refetch. */
export interface QueryState<T> {
  status: QueryStatus;
  data: T | undefined;
  error: unknown;
  fetching: boolean;
  updatedAt: number;
}

interface Entry {
  state: QueryState<unknown>;
  fetcher: () => Promise<unknown>;
  listeners: Set<() => void>;
  /** Bumped on every fetch so a slow old answer never overwrites a newer one. */
  generation: number;
  stale: boolean;
  lastUsed: number;
}

const INITIAL: QueryState<unknown> = { status: 'loading', data: undefined, error: undefined, fetching: true, updatedAt: 0 };

/** The cache. One instance per app (tests make their own). */
export class QueryCache {
  private entries = new Map<string, Entry>();
  constructor(private readonly maxIdle = 64) {}

  /** Current state of a key (a stable object until it changes). */
  get<T>(key: string): QueryState<T> {
    return (this.entries.get(key)?.state ?? INITIAL) as QueryState<T>;
  }

  /** Subscribe to a key; the first subscriber (or a stale entry) triggers a fetch. */
  subscribe(key: string, fetcher: () => Promise<unknown>, listener: () => void): () => void {
    let e = this.entries.get(key);
    if (!e) {
      e = { state: INITIAL, fetcher, listeners: new Set(), generation: 0, stale: true, lastUsed: Date.now() };
      this.entries.set(key, e);
    }
    e.fetcher = fetcher;
    e.listeners.add(listener);
    e.lastUsed = Date.now();
    if (e.stale) void this.fetch(key);
    return () => {
      e.listeners.delete(listener);
      e.lastUsed = Date.now();
      this.evict();
    };
  }

  /** Fetch (or refetch) one key now. */
  async fetch(key: string): Promise<void> {
    const e = this.entries.get(key);
    if (!e) return;
    const gen = ++e.generation;
    e.stale = false;
    this.update(e, { ...e.state, fetching: true });
    try {
      const data = await e.fetcher();
      if (gen !== e.generation) return;
      this.update(e, { status: 'success', data, error: undefined, fetching: false, updatedAt: Date.now() });
    } catch (error) {
      if (gen !== e.generation) return;
      this.update(e, { status: 'error', data: e.state.data, error, fetching: false, updatedAt: Date.now() });
    }
  }

  /** Mark matching keys stale; those on screen refetch at once, the others when next used. */
  invalidate(match: (key: string) => boolean): void {
    for (const [key, e] of this.entries) {
      if (!match(key)) continue;
      e.stale = true;
      if (e.listeners.size) void this.fetch(key);
    }
  }

  /** Put data in directly (after a mutation returned the new value). */
  set<T>(key: string, data: T): void {
    const e = this.entries.get(key);
    if (!e) return;
    e.generation++;
    this.update(e, { status: 'success', data, error: undefined, fetching: false, updatedAt: Date.now() });
  }

  /** Number of cached keys (tests). */
  get size(): number {
    return this.entries.size;
  }

  private update(e: Entry, state: QueryState<unknown>) {
    e.state = state;
    for (const l of [...e.listeners]) l();
  }

  /** Drop the least recently used entries nobody is watching, beyond `maxIdle`. */
  private evict() {
    const idle = [...this.entries].filter(([, e]) => e.listeners.size === 0);
    if (idle.length <= this.maxIdle) return;
    idle.sort((a, b) => a[1].lastUsed - b[1].lastUsed);
    for (const [k] of idle.slice(0, idle.length - this.maxIdle)) this.entries.delete(k);
  }
}

/** The key of a contract call: method name plus its request. */
export const callKey = (method: string, request: unknown): string => `${method} ${JSON.stringify(request)}`;

/** Match every key of the given methods. */
export const forMethods =
  (...methods: string[]) =>
  (key: string): boolean =>
    methods.some((m) => key.startsWith(m + ' '));
