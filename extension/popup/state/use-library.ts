/**
 * The popup's library: the cached copy at once, then the relay's; every change goes to the relay
 * and, once it answers, into what is shown and cached. When the relay cannot be reached the
 * cached copy stays on screen and `offline` says since when it dates.
 * @module
 */
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import type { Library } from '../../../shared/protocol';
import { readCachedLibrary, writeCachedLibrary } from './library-cache';
import type { Outcome } from '../../common/popup-messages';
import { getLibrary } from '../../common/relay-library-api';
import { RelayError, describeError } from '../../common/relay-error';
import { getRelayUrl } from '../../common/settings';
import { withPopupSession } from './popup-session';

export interface LibraryModel {
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
  refresh: () => Promise<void>;
  /**
   * Runs a relay call; on success `update` folds its answer into the library. Failures come back
   * as a sentence to show (offline included).
   */
  act: <T>(
    call: (relayUrl: string, session: string) => Promise<T>,
    update?: (library: Library, value: T) => Library,
  ) => Promise<Outcome<T>>;
  /** Changes what is shown right away (a delete the relay is being told about). */
  change: (update: (library: Library) => Library) => void;
}

/** `relayUrl` from the background's status when known; `load` once the user wants the library. */
export function useLibrary(knownRelayUrl: string | null, load: boolean): LibraryModel {
  const [relayUrl, setRelayUrl] = useState<string | null>(knownRelayUrl);
  const [library, setLibrary] = useState<Library | null>(null);
  const [savedAt, setSavedAt] = useState<number | null>(null);
  const [offline, setOffline] = useState(false);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const latest = useRef<Library | null>(null);
  latest.current = library;

  useEffect(() => {
    if (knownRelayUrl) setRelayUrl(knownRelayUrl);
    else void getRelayUrl().then(setRelayUrl);
  }, [knownRelayUrl]);

  // A relay URL's cached copy, shown before the relay answers.
  useEffect(() => {
    if (!relayUrl) return;
    let stale = false;
    void readCachedLibrary(relayUrl).then((cached) => {
      if (stale) return;
      setLibrary(cached?.library ?? null);
      setSavedAt(cached?.savedAt ?? null);
    });
    return () => {
      stale = true;
    };
  }, [relayUrl]);

  const store = useCallback(
    (next: Library) => {
      latest.current = next;
      setLibrary(next);
      if (relayUrl) void writeCachedLibrary(relayUrl, next, savedAt ?? Date.now());
    },
    [relayUrl, savedAt],
  );

  const refresh = useCallback(async () => {
    if (!relayUrl) return;
    setLoading(true);
    try {
      const fresh = await withPopupSession(getLibrary);
      const at = Date.now();
      latest.current = fresh;
      setLibrary(fresh);
      setSavedAt(at);
      setOffline(false);
      setError(null);
      await writeCachedLibrary(relayUrl, fresh, at);
    } catch (failure) {
      if (failure instanceof RelayError && failure.kind === 'unreachable') setOffline(true);
      else setError(describeError(failure));
    } finally {
      setLoading(false);
    }
  }, [relayUrl]);

  useEffect(() => {
    if (load && relayUrl) void refresh();
  }, [load, relayUrl, refresh]);

  const act = useCallback(
    async <T>(
      call: (relayUrl: string, session: string) => Promise<T>,
      update?: (library: Library, value: T) => Library,
    ): Promise<Outcome<T>> => {
      try {
        const value = await withPopupSession(call);
        setOffline(false);
        // Before the library is known, the next refresh brings the change along.
        if (update && latest.current) store(update(latest.current, value));
        return { ok: true, value };
      } catch (failure) {
        const kind = failure instanceof RelayError ? failure.kind : undefined;
        if (kind === 'unreachable') setOffline(true);
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
    [store],
  );

  const change = useCallback(
    (update: (library: Library) => Library) => {
      if (latest.current) store(update(latest.current));
    },
    [store],
  );

  return { relayUrl, library, savedAt, offline, loading, error, refresh, act, change };
}
