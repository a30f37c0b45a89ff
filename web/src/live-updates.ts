import { useEffect, useState } from 'react';

/** Fired for every server-sent event, so open pages reload what changed. */
const changedEvent = 'vigil:changed';

/** Opens the server's event stream once signed in; the browser reconnects by itself. */
export function connectLiveUpdates(): () => void {
  const source = new EventSource('/api/v1/events');
  source.onmessage = (message) =>
    window.dispatchEvent(new CustomEvent(changedEvent, { detail: JSON.parse(message.data) }));
  return () => source.close();
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
