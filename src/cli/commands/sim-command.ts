import { type Command, InvalidArgumentError } from 'commander';
import { type AttackName, attackNames } from '../../sim/attacks.js';
import { simulateHospital } from '../../sim/simulate.js';
import { ProgressBar } from '../progress-bar.js';

/** `90`, `90s`, `15m`, `2h`: a duration in seconds. */
export function parseDuration(text: string): number {
  const match = /^(\d+(?:\.\d+)?)([smh]?)$/.exec(text.trim());
  if (match === null)
    throw new InvalidArgumentError(`expected a duration such as 90s, 15m or 2h, got "${text}"`);
  const seconds =
    Number(match[1]) * ({ '': 1, s: 1, m: 60, h: 3600 } as const)[match[2] as '' | 's' | 'm' | 'h'];
  if (seconds <= 0) throw new InvalidArgumentError('the duration must be more than zero');
  return seconds;
}

function parseCount(text: string): number {
  const value = Number(text);
  if (!Number.isSafeInteger(value) || value <= 0)
    throw new InvalidArgumentError(`expected a positive whole number, got "${text}"`);
  return value;
}

function parseDay(text: string): number {
  const value = Number(text);
  if (!Number.isSafeInteger(value) || value < 0 || value > 3_650)
    throw new InvalidArgumentError(`expected a day from 0 to 3650, got "${text}"`);
  return value;
}

/** `7-19`: clinical work from 07:00 until 19:00 UTC; `22-6` wraps past midnight. */
function parseClinicalHours(text: string): { from: number; to: number } {
  const match = /^(\d{1,2})-(\d{1,2})$/.exec(text.trim());
  const from = Number(match?.[1]);
  const to = Number(match?.[2]);
  if (match === null || from > 23 || to > 24 || from === to % 24)
    throw new InvalidArgumentError(`expected hours FROM-TO (UTC, 0-24, different), e.g. 7-19, got "${text}"`);
  return { from, to: to % 24 };
}

function collectAttack(text: string, previous: AttackName[]): AttackName[] {
  if (!(attackNames as readonly string[]).includes(text))
    throw new InvalidArgumentError(`expected one of ${attackNames.join(', ')}, got "${text}"`);
  return [...previous, text as AttackName];
}

export function registerSimCommand(program: Command): void {
  program
    .command('sim')
    .description('write a simulated hospital capture (pcapng) and its ground truth (FILE.truth.json)')
    .requiredOption('--out <file.pcapng>', 'the capture to write')
    .option('--devices <count>', 'devices in the hospital', parseCount, 200)
    .option('--duration <span>', 'simulated time, e.g. 90s, 15m, 2h', parseDuration, 900)
    .option('--seed <number>', 'the same seed writes the same bytes', parseCount, 1)
    .option(
      '--day <number>',
      'a later day of the same hospital: same devices, fresh traffic (0 is the first)',
      parseDay,
      0,
    )
    .option(
      '--attack <name>',
      `inject an incident (${attackNames.join(', ')}); repeatable`,
      collectAttack,
      [],
    )
    .option(
      '--clinical-hours <from-to>',
      'clinical work (studies, results, sessions) only in these UTC hours, e.g. 7-19; devices idle outside them',
      parseClinicalHours,
    )
    .action(
      (options: {
        out: string;
        devices: number;
        duration: number;
        seed: number;
        day: number;
        attack: AttackName[];
        clinicalHours?: { from: number; to: number };
      }) => {
        const progress = new ProgressBar(
          'simulating',
          process.stderr,
          (total) => `of ${Math.round(total / 1e6)} s simulated`,
        );
        const started = performance.now();
        const result = simulateHospital({
          devices: options.devices,
          durationSeconds: options.duration,
          seed: options.seed,
          day: options.day,
          out: options.out,
          attacks: options.attack,
          ...(options.clinicalHours === undefined ? {} : { clinicalHours: options.clinicalHours }),
          onProgress: (done, total) => progress.update(done, total),
        });
        progress.clear();
        const seconds = (performance.now() - started) / 1000;
        process.stdout.write(
          `${options.out}: ${result.devices} devices, ${result.packets} packets, ${(result.bytes / 1e6).toFixed(1)} MB in ${seconds.toFixed(1)} s (${Math.round(result.packets / seconds)} packets/s)\n${result.truthPath}: ground truth\n`,
        );
      },
    );
}
