/**
 * A one-line progress bar on standard error, redrawn at most every 100 ms, shown only on a
 * terminal and only when the total is known (files, not pipes).
 */
export class ProgressBar {
  #lastDrawMs = 0;
  #isVisible = false;

  constructor(
    readonly label: string,
    readonly stream: NodeJS.WriteStream = process.stderr,
    /** How the total is named after the percentage: bytes of a file unless told otherwise. */
    readonly describeTotal: (total: number) => string = (total) => `of ${formatBytes(total)}`,
  ) {}

  update(done: number, total: number | undefined): void {
    if (!this.stream.isTTY || total === undefined || total === 0) return;
    const now = Date.now();
    if (now - this.#lastDrawMs < 100) return;
    this.#lastDrawMs = now;
    const fraction = Math.min(1, done / total);
    const width = 30;
    const filled = Math.round(fraction * width);
    const bar = `${'█'.repeat(filled)}${'░'.repeat(width - filled)}`;
    this.stream.write(
      `\r${this.label} ${bar} ${(fraction * 100).toFixed(1).padStart(5)}% ${this.describeTotal(total)}`,
    );
    this.#isVisible = true;
  }

  clear(): void {
    if (this.#isVisible) this.stream.write('\r\u001b[2K');
    this.#isVisible = false;
  }
}

export function formatBytes(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${value.toFixed(unit === 0 ? 0 : 1)} ${units[unit]}`;
}
