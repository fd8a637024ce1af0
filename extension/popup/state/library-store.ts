/**
 * The popup's library, outside any component: the cached copy at once, then the relay's; every
 * change goes to the relay and, once it answers, into what is shown and cached. When the relay
 * cannot be reached the cached copy stays and `offline` says since when it dates.
 * `use-library.ts` binds it to the popup's components.
 * @module
 */
import type { Library } from '../../../shared/protocol';
import { readCachedLibrary, writeCachedLibrary } from './library-cache';
import type { Outcome } from '../../common/popup-messages';
import { getLibrary } from '../../common/relay-library-api';
import { RelayError, describeError } from '../../common/relay-error';
import { withPopupSession } from './popup-session';

export interface LibraryState {
  relayUrl: string | null;
  /** Null until the cache or the relay answered. */
  library: Library | null;
  /** When the shown copy came from the relay (ms); null if it never did. */
  savedAt: number | null;
  /** The relay could not be reached on the last try. */
  offline: boolean;
  loading: boolean;
  /** Why the last refresh failed, other than being offline. */
  error: string | null;
}

/** A call to the relay with a session of the popup's. */
export type RelayCall<T> = (relayUrl: string, session: string) => Promise<T>;

export interface LibraryActions {
  refresh: () => Promise<void>;
  /**
   * Runs a relay call; on success `update` folds its answer into the library. Failures come back
   * as a sentence to show (offline included).
   */
  act: <T>(
    call: RelayCall<T>,
    update?: (library: Library, value: T) => Library,
  ) => Promise<Outcome<T>>;
  /** Changes what is shown right away (a delete the relay is being told about). */
  change: (update: (library: Library) => Library) => void;
}

export interface LibraryStore extends LibraryActions {
  readonly state: LibraryState;
  /** `listener` hears every new state until the returned function is called. */
  subscribe: (listener: (state: LibraryState) => void) => () => void;
  /** Shows `relayUrl`'s cached copy, unless its relay answered first. */
  showRelay: (relayUrl: string) => Promise<void>;
}

export function createLibraryStore(): LibraryStore {
  let state: LibraryState = {
    relayUrl: null,
    library: null,
    savedAt: null,
    offline: false,
    loading: false,
    error: null,
  };
  /** The relay's copy arrived since the relay URL was set: a cached one is older. */
  let answered = false;
  const listeners = new Set<(state: LibraryState) => void>();

  const set = (patch: Partial<LibraryState>) => {
    state = { ...state, ...patch };
    for (const listener of listeners) listener(state);
  };

  const store = (next: Library) => {
    set({ library: next });
    if (state.relayUrl) void writeCachedLibrary(state.relayUrl, next, state.savedAt ?? Date.now());
  };

  return {
    get state() {
      return state;
    },

    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },

    async showRelay(relayUrl) {
      if (relayUrl === state.relayUrl) return;
      answered = false;
      set({ relayUrl });
      const cached = await readCachedLibrary(relayUrl);
      if (state.relayUrl !== relayUrl || answered) return;
      set({ library: cached?.library ?? null, savedAt: cached?.savedAt ?? null });
    },

    async refresh() {
      const { relayUrl } = state;
      if (!relayUrl) return;
      set({ loading: true });
      try {
        const fresh = await withPopupSession(getLibrary);
        const at = Date.now();
        answered = true;
        set({ library: fresh, savedAt: at, offline: false, error: null });
        await writeCachedLibrary(relayUrl, fresh, at);
      } catch (failure) {
        if (failure instanceof RelayError && failure.kind === 'unreachable') set({ offline: true });
        else set({ error: describeError(failure) });
      } finally {
        set({ loading: false });
      }
    },

    async act(call, update) {
      try {
        const value = await withPopupSession(call);
        set({ offline: false });
        // Before the library is known, the next refresh brings the change along.
        if (update && state.library) store(update(state.library, value));
        return { ok: true, value };
      } catch (failure) {
        const kind = failure instanceof RelayError ? failure.kind : undefined;
        if (kind === 'unreachable') set({ offline: true });
        return {
          ok: false,
          error:
            kind === 'unreachable'
              ? `${describeError(failure)} Nothing was changed.`
              : describeError(failure),
          ...(kind ? { kind } : {}),
        };
      }
    },

    change(update) {
      if (state.library) store(update(state.library));
    },
  };
}
