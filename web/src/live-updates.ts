import { useEffect, useState } from 'react';

/** Fired for every server-sent event, so open pages reload what changed. */
const changedEvent = 'vigil:changed';

/**
 * Pages reload at most this often: a live sensor commits every few seconds and the server tells
 * of each commit, which would otherwise reload the open page as fast as it can draw.
 */
const reloadAtMostEveryMs = 2_000;

/** Opens the server's event stream once signed in; the browser reconnects by itself. */
export function connectLiveUpdates(): () => void {
  const source = new EventSource('/api/v1/events');
  let lastDispatchMs = 0;
  let pending: ReturnType<typeof setTimeout> | undefined;
  let latest: unknown;
  const dispatch = () => {
    pending = undefined;
    lastDispatchMs = Date.now();
    window.dispatchEvent(new CustomEvent(changedEvent, { detail: latest }));
  };
  source.onmessage = (message) => {
    latest = JSON.parse(message.data);
    if (pending !== undefined) return;
    pending = setTimeout(dispatch, Math.max(0, lastDispatchMs + reloadAtMostEveryMs - Date.now()));
  };
  return () => {
    clearTimeout(pending);
    source.close();
  };
}

/** A counter that goes up when the server reports a change: add it to a data hook's dependencies. */
export function useLiveVersion(): number {
  const [version, setVersion] = useState(0);
  useEffect(() => {
    const onChange = () => setVersion((current) => current + 1);
    window.addEventListener(changedEvent, onChange);
    return () => window.removeEventListener(changedEvent, onChange);
  }, []);
  return version;
}
