import { useSyncExternalStore } from 'react';
import type { Store } from '../app/store';

/**
 * Binds a store that knows nothing of React. The selector must return a part of the state as it
 * is (not a new object), so an unchanged part does not re-render.
 */
export function useStore<T, S = T>(store: Store<T>, selector: (state: T) => S = (s) => s as unknown as S): S {
  return useSyncExternalStore(
    store.subscribe,
    () => selector(store.getState()),
    () => selector(store.getState()),
  );
}
