#!/usr/bin/env node
import { Command, CommanderError } from 'commander';
import { registerAssetsCommand } from './commands/assets-command.js';
import { registerAuditCommands } from './commands/audit-command.js';
import { registerDevicesCommand } from './commands/devices-command.js';
import { registerFeedsCommand } from './commands/feeds-command.js';
import { registerFlowsCommand } from './commands/flows-command.js';
import { registerIngestCommand } from './commands/ingest-command.js';
import { registerMergeCommands } from './commands/merge-command.js';
import { registerOverrideCommand } from './commands/override-command.js';
import { registerRegisterCommands } from './commands/register-command.js';
import { registerRiskCommands } from './commands/risk-command.js';
import { registerServeCommand } from './commands/serve-command.js';
import { registerSimCommand } from './commands/sim-command.js';
import { registerUsersCommands } from './commands/users-command.js';
import { registerVulnsCommands } from './commands/vulns-command.js';

/**
 * The `vigil` command. Exit codes: 0 success, 1 failure (unreadable input, bad arguments, store
 * errors), 2 a capture read only up to damage (what came before it is stored), an asset list
 * with rejected rows, or feeds with rejected documents or records (the others are imported).
 */
export function buildProgram(): Command {
  const program = new Command()
    .name('vigil')
    .description('Passive discovery, inventory and risk for networked medical devices, offline.')
    .version('0.1.0')
    .exitOverride();
  registerIngestCommand(program);
  registerDevicesCommand(program);
  registerFlowsCommand(program);
  registerSimCommand(program);
  registerAssetsCommand(program);
  registerOverrideCommand(program);
  registerMergeCommands(program);
  registerFeedsCommand(program);
  registerVulnsCommands(program);
  registerRiskCommands(program);
  registerRegisterCommands(program);
  registerAuditCommands(program);
  registerUsersCommands(program);
  registerServeCommand(program);
  return program;
}

async function main(): Promise<void> {
  try {
    await buildProgram().parseAsync(process.argv);
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
