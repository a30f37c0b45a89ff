#!/usr/bin/env node
import { Command, CommanderError } from 'commander';
import { commandTable } from './command-table.js';
import { requestedCommand } from './requested-command.js';

/**
 * The `vigil` command. Exit codes: 0 success, 1 failure (unreadable input, bad arguments, store
 * errors), 2 a capture read only up to damage (what came before it is stored), an asset list
 * with rejected rows, or feeds with rejected documents or records (the others are imported).
 */
function rootProgram(): Command {
  return (
    new Command()
      .name('vigil')
      .description('Passive discovery, inventory and risk for networked medical devices, offline.')
      .version('0.1.0')
      // A command's own options come before its subcommand (`vigil sensor enroll NAME --site S`
      // gives --site to enroll, not to sensor).
      .enablePositionalOptions()
      .exitOverride()
  );
}

/**
 * The program for one run: the requested command's module alone, or, for the command list and
 * an unknown word, a line per command from the table (no command module is loaded).
 */
async function programFor(argv: readonly string[]): Promise<Command> {
  const program = rootProgram();
  const entry = commandTable.find((candidate) => candidate.name === requestedCommand(argv));
  if (entry !== undefined) {
    (await entry.load())(program);
    return program;
  }
  const usages = new Map(commandTable.map(({ name, usage }) => [name, usage]));
  program.configureHelp({
    subcommandTerm: (command) => `${command.name()} ${usages.get(command.name()) ?? ''}`.trim(),
  });
  for (const { name, description } of commandTable) program.command(name).description(description);
  return program;
}

async function main(): Promise<void> {
  try {
    await (await programFor(process.argv)).parseAsync(process.argv);
  } catch (error) {
    if (error instanceof CommanderError) {
      process.exitCode = error.exitCode;
      return;
    }
    process.stderr.write(`vigil: ${(error as Error).message}\n`);
    process.exitCode = 1;
  }
}

await main();
