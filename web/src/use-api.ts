import { useEffect, useRef, useState } from 'react';
import { api } from './api.js';
import { useLiveVersion } from './live-updates.js';

/** Loads an API path, again when it changes or the server reports a change; `reload` for after an edit. */
export function useApi<T>(path: string | null) {
  const live = useLiveVersion();
  const [reloads, setReloads] = useState(0);
  const [state, setState] = useState<{ data: T | null; error: string | null; loading: boolean }>({
    data: null,
    error: null,
    loading: true,
  });
  // What the last load was for: a load caused only by a server event is a background one.
  const last = useRef<{ path: string | null; live: number; reloads: number } | null>(null);
  useEffect(() => {
    if (path === null) return;
    const previous = last.current;
    const background =
      previous !== null && previous.path === path && previous.reloads === reloads && previous.live !== live;
    last.current = { path, live, reloads };
    let isCurrent = true;
    setState((current) => ({ ...current, loading: true }));
    api<T>(path, { background })
      .then((data) => isCurrent && setState({ data, error: null, loading: false }))
      .catch((error: Error) => isCurrent && setState({ data: null, error: error.message, loading: false }));
    return () => {
      isCurrent = false;
    };
  }, [path, live, reloads]);
  return { ...state, reload: () => setReloads((count) => count + 1) };
}
