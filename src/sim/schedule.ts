/** A job due at `atUs`; `order` breaks ties so the schedule is the same every run. */
interface Entry {
  atUs: number;
  order: number;
  run: (atUs: number) => number | undefined;
}

/**
 * The simulation's agenda: a binary min-heap of jobs by time. A job returns the interval until
 * it runs again (microseconds) or undefined when it is done, so memory holds one entry per
 * recurring behaviour, however long the simulated span.
 */
export class Schedule {
  readonly #heap: Entry[] = [];
  #order = 0;

  get size(): number {
    return this.#heap.length;
  }

  add(atUs: number, run: (atUs: number) => number | undefined): void {
    this.#push({ atUs, order: this.#order++, run });
  }

  /** Runs jobs in time order until none is due before `endUs`; `atUs` tells each job when it runs. */
  runUntil(endUs: number, onJob: (atUs: number) => void): void {
    while (this.#heap.length > 0 && this.#heap[0]!.atUs < endUs) {
      const entry = this.#pop();
      onJob(entry.atUs);
      const interval = entry.run(entry.atUs);
      if (interval !== undefined)
        this.#push({ atUs: entry.atUs + interval, order: this.#order++, run: entry.run });
    }
  }

  #before(a: Entry, b: Entry): boolean {
    return a.atUs < b.atUs || (a.atUs === b.atUs && a.order < b.order);
  }

  #push(entry: Entry): void {
    const heap = this.#heap;
    heap.push(entry);
    let at = heap.length - 1;
    while (at > 0) {
      const parent = (at - 1) >> 1;
      if (!this.#before(heap[at]!, heap[parent]!)) break;
      [heap[at], heap[parent]] = [heap[parent]!, heap[at]!];
      at = parent;
    }
  }

  #pop(): Entry {
    const heap = this.#heap;
    const top = heap[0]!;
    const last = heap.pop()!;
    if (heap.length > 0) {
      heap[0] = last;
      let at = 0;
      for (;;) {
        const left = at * 2 + 1;
        const right = left + 1;
        let smallest = at;
        if (left < heap.length && this.#before(heap[left]!, heap[smallest]!)) smallest = left;
        if (right < heap.length && this.#before(heap[right]!, heap[smallest]!)) smallest = right;
        if (smallest === at) break;
        [heap[at], heap[smallest]] = [heap[smallest]!, heap[at]!];
        at = smallest;
      }
    }
    return top;
  }
}
