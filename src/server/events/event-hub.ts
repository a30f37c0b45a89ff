/** A live update for open consoles: what changed, so a page reloads only what it shows. */
export interface ConsoleEvent {
  type: 'inventory-changed' | 'device-changed' | 'devices-committed' | 'alerts-changed' | 'audit-appended';
  /** The device concerned, for `device-changed`. */
  deviceId?: string;
  /** For `devices-committed`: the devices a commit wrote (the first 100), how many, how many new. */
  deviceIds?: string[];
  devices?: number;
  newDevices?: number;
  /** For `alerts-changed`: the alerts raised or grown (the first 100). */
  alertIds?: string[];
  at: string;
}

type Listener = (event: ConsoleEvent) => void;

/**
 * Fans events out to the server-sent event streams of open consoles. In-process: the server is one
 * process; a distributed deployment would put the stream stage behind this.
 *
 * @example
 * const stop = hub.subscribe((event) => stream.write(`data: ${JSON.stringify(event)}\n\n`));
 */
export class EventHub {
  readonly #listeners = new Set<Listener>();

  subscribe(listener: Listener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  publish(event: ConsoleEvent): void {
    for (const listener of this.#listeners) listener(event);
  }

  get subscribers(): number {
    return this.#listeners.size;
  }
}
