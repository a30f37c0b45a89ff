import type { DraftBook } from '../inventory/draft-book.js';
import type { Dissector } from './dissector.js';
import type { HttpApplication } from './http/application.js';
import type { StreamDissector } from './stream-dissector.js';

/**
 * Everything Vigil knows of one protocol, kept in the protocol's folder: how to read it (a packet
 * dissector for frames and datagrams, a stream dissector for reassembled TCP, both, or an HTTP
 * application for one carried in HTTP messages), the observations it makes (`O`, declared in the
 * folder's `observation.ts`), and what they tell about devices (`fold`). `registry.ts` lists these and is the only list: the Observation union,
 * the dissectors the pipeline runs and the inventory's folding all come from it.
 */
export interface Protocol<O extends { kind: string }> {
  /** As devices list it in `protocols` (e.g. `smb`). */
  readonly name: string;
  readonly packetDissector?: Dissector;
  readonly streamDissector?: StreamDissector;
  /** For a protocol carried in HTTP messages: what the HTTP dissector hands its exchanges to. */
  readonly httpApplication?: HttpApplication;
  /** Every observation kind the dissectors emit; each is folded by `fold`. */
  readonly kinds: readonly O['kind'][];
  fold(book: DraftBook, observation: O): void;
}

/** The observations a protocol makes. */
export type ObservationOf<P> = P extends Protocol<infer O> ? O : never;
