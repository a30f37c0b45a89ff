import { Command, Help } from 'commander';
import { describe, expect, it } from 'vitest';
import { commandTable, registerEveryCommand } from './command-table.js';
import { requestedCommand } from './requested-command.js';

describe('the command table main.ts lists commands from without loading them', () => {
  it('says of every command what its module registers, and names every command registered', async () => {
    const program = await registerEveryCommand(new Command());
    const help = new Help();
    const registered = program.commands.map((command) => ({
      name: command.name(),
      term: help.subcommandTerm(command),
      description: command.description(),
    }));
    expect(
      commandTable.map(({ name, usage, description }) => ({
        name,
        term: `${name} ${usage}`.trim(),
        description,
      })),
    ).toEqual(registered);
  });

  it('finds the command word past options, and the command `help` asks about', () => {
    expect(requestedCommand(['node', 'vigil', 'devices', '--db', 'x.db'])).toBe('devices');
    expect(requestedCommand(['node', 'vigil', '--json', 'vulns'])).toBe('vulns');
    expect(requestedCommand(['node', 'vigil', 'help', 'risk'])).toBe('risk');
    expect(requestedCommand(['node', 'vigil', '--help'])).toBeUndefined();
  });
});
