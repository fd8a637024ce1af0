/**
 * The popup's library for its components: `library-store.ts`, shown as Preact state.
 * @module
 */
import { useEffect, useMemo, useState } from 'preact/hooks';
import { getRelayUrl } from '../../common/settings';
import { createLibraryStore, type LibraryActions, type LibraryState } from './library-store';

export type LibraryModel = LibraryState & LibraryActions;

/** `relayUrl` from the background's status when known; `load` once the user wants the library. */
export function useLibrary(knownRelayUrl: string | null, load: boolean): LibraryModel {
  const store = useMemo(createLibraryStore, []);
  const [state, setState] = useState(store.state);

  useEffect(() => store.subscribe(setState), [store]);

  useEffect(() => {
    if (knownRelayUrl) void store.showRelay(knownRelayUrl);
    else void getRelayUrl().then(store.showRelay);
  }, [store, knownRelayUrl]);

  useEffect(() => {
    if (load && state.relayUrl) void store.refresh();
  }, [store, load, state.relayUrl]);

  return useMemo(
    () => ({ ...state, refresh: store.refresh, act: store.act, change: store.change }),
    [store, state],
  );
}
