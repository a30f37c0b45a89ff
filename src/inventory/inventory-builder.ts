import { protocols } from '../dissect/registry.js';
import type { Observation } from '../observe/observation.js';
import type { DeviceDraft } from './device-draft.js';
import { DraftBook } from './draft-book.js';
import { foldFlow } from './fold-flow.js';
import type { OuiRegistry } from './oui-registry.js';

type Fold = (book: DraftBook, observation: Observation) => void;

/** Each registered observation kind and the fold its protocol's folder provides. */
const foldByKind: ReadonlyMap<string, Fold> = new Map(
  protocols.flatMap((protocol) =>
    protocol.kinds.map((kind): [string, Fold] => [kind, protocol.fold as Fold]),
  ),
);

/**
 * Folds observations into per-device drafts. Every attribute keeps its source, confidence, first
 * and last seen time and the packet that first showed it; each protocol's facts are folded by
 * the `fold.ts` in its folder, found through the registry; flow summaries by `fold-flow.ts`.
 *
 * @example
 * const builder = new InventoryBuilder(OuiRegistry.load());
 * for (const observation of observations) builder.observe(observation);
 * await store.devices.merge(builder.devices(), 1000);
 */
export class InventoryBuilder {
  readonly #book: DraftBook;

  constructor(ouiRegistry: OuiRegistry) {
    this.#book = new DraftBook(ouiRegistry);
  }

  observe(observation: Observation): void {
    if (observation.kind === 'flow.summary') foldFlow(this.#book, observation);
    else foldByKind.get(observation.kind)?.(this.#book, observation);
  }

  devices(): DeviceDraft[] {
    return this.#book.devices();
  }

  /** Drafts changed since the last call that an incremental commit may store (see `DraftBook.changedDevices`). */
  changedDevices(): DeviceDraft[] {
    return this.#book.changedDevices();
  }
}
