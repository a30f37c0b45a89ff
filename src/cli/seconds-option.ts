import { InvalidArgumentError } from 'commander';

/** Parses an option given in seconds (`--commit-interval 0.5`): a number above 0. */
export function parseSeconds(value: string): number {
  const seconds = Number(value);
  if (!Number.isFinite(seconds) || seconds <= 0)
    throw new InvalidArgumentError(`expected a number of seconds above 0, got "${value}"`);
  return seconds;
}
