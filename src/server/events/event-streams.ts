import type { ServerResponse } from 'node:http';

/** Whose an open event stream is: the session or token it was opened with, and the user. */
export interface StreamOwner {
  sessionIdHash: string | null;
  tokenId: string | null;
  userId: string | null;
}

interface OpenStream {
  owner: StreamOwner;
  response: ServerResponse;
  close: () => void;
}

/**
 * The open server-sent event streams, by owner: ending a session, revoking a token, or changing
 * or disabling a user closes the streams they own at once, and each caller may hold only a few.
 */
export class EventStreams {
  readonly #streams = new Set<OpenStream>();

  constructor(readonly maxPerCaller: number) {}

  /** Whether the caller may open another stream. */
  hasRoomFor(owner: StreamOwner): boolean {
    return this.#ownedBy(owner).length < this.maxPerCaller;
  }

  add(owner: StreamOwner, response: ServerResponse, close: () => void): () => void {
    const stream = { owner, response, close };
    this.#streams.add(stream);
    return () => this.#streams.delete(stream);
  }

  /** Closes every stream that matches; returns how many. */
  closeWhere(matches: (owner: StreamOwner) => boolean): number {
    let closed = 0;
    for (const stream of [...this.#streams]) {
      if (!matches(stream.owner)) continue;
      stream.close();
      this.#streams.delete(stream);
      closed += 1;
    }
    return closed;
  }

  closeSession(sessionIdHash: string): number {
    return this.closeWhere((owner) => owner.sessionIdHash === sessionIdHash);
  }

  closeToken(tokenId: string): number {
    return this.closeWhere((owner) => owner.tokenId === tokenId);
  }

  closeUser(userId: string): number {
    return this.closeWhere((owner) => owner.userId === userId);
  }

  get size(): number {
    return this.#streams.size;
  }

  #ownedBy(owner: StreamOwner): OpenStream[] {
    return [...this.#streams].filter((stream) =>
      owner.tokenId !== null
        ? stream.owner.tokenId === owner.tokenId
        : stream.owner.sessionIdHash === owner.sessionIdHash,
    );
  }
}
