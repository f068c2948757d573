import { useCallback, useSyncExternalStore } from 'react';
import type { MethodName, Req, Res } from '../../../shared/contract/index';
import { getClient } from '../client/index';
import { callKey, forMethods, QueryCache, type QueryState } from './query-cache';

/** The app's query cache. */
export const queryCache = new QueryCache();

const LOADING: QueryState<never> = { status: 'loading', data: undefined, error: undefined, fetching: false, updatedAt: 0 };
const noop = () => () => undefined;

/**
 * Call a contract method and keep the answer on screen; `request === null` skips the call.
 * Every component asking for the same (method, request) shares one entry.
 */
export function useCall<M extends MethodName>(method: M, request: Req<M> | null): QueryState<Res<M>> & { refetch: () => void } {
  const key = request === null ? null : callKey(method, request);
  const subscribe = useCallback(
    (l: () => void) => (key === null ? noop() : queryCache.subscribe(key, () => getClient().call(method, request as Req<M>), l)),
    [key], // the key captures method and request

  );
  const state = useSyncExternalStore(
    subscribe,
    () => (key === null ? LOADING : queryCache.get<Res<M>>(key)),
    () => LOADING,
  );
  const refetch = useCallback(() => {
    if (key !== null) void queryCache.fetch(key);
  }, [key]);
  return { ...state, refetch };
}

/** Refetch everything that came from these methods. */
export function invalidateMethods(...methods: MethodName[]): void {
  queryCache.invalidate(forMethods(...methods));
}
