/** A live update for open consoles: what changed, so a page reloads only what it shows. */
export interface ConsoleEvent {
  type: 'inventory-changed' | 'device-changed' | 'audit-appended';
  /** The device concerned, for `device-changed`. */
  deviceId?: string;
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
