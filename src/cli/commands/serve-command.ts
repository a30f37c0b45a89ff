import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { loadRiskModel } from '../../risk/risk-model.js';
import { openStore, redactStoreLocation, resolveStoreLocation } from '../../store/open-store.js';
import { storeOptionDescription } from '../store-option.js';

function parsePort(text: string): number {
  const port = Number(text);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`--port: expected 0-65535, got "${text}"`);
  return port;
}

/** Asks the desktop to open a URL; on a machine without one (a server, CI) nothing happens. */
function openBrowser(url: string): void {
  const opener =
    process.platform === 'darwin' ? 'open' : process.platform === 'win32' ? 'explorer' : 'xdg-open';
  const child = spawn(opener, [url], { stdio: 'ignore', detached: true });
  child.on('error', () => undefined);
  child.unref();
}

/** `vigil serve`: the API and the web console on one port, until interrupted. */
export function registerServeCommand(program: Command): void {
  program
    .command('serve')
    .description('serve the REST API (/api/v1, OpenAPI at /api/v1/openapi.json) and the web console')
    .option('--host <address>', 'address to listen on', '127.0.0.1')
    .option('--port <port>', 'port (0: any free port)', parsePort, 8080)
    .option('--zones <file>', 'network zones: JSON [{ "name": "ICU", "cidr": "10.10.0.0/16" }, …]')
    .option('--model <file>', 'risk model (default data/risk/model.json)')
    .option(
      '--public-host <name...>',
      'the names the server is reached by (besides localhost and the --host address): other Host headers are refused',
    )
    .option('--tls-cert <file>', 'PEM certificate: serve HTTPS')
    .option('--tls-key <file>', 'PEM private key for --tls-cert')
    .option('--log', 'log every request (cookies and tokens redacted)')
    .option('--open', "open the console in this machine's browser, when it has one")
    .option('--db <location>', storeOptionDescription)
    .action(
      async (options: {
        host: string;
        port: number;
        zones?: string;
        model?: string;
        publicHost?: string[];
        tlsCert?: string;
        tlsKey?: string;
        log?: boolean;
        open?: boolean;
        db?: string;
      }) => {
        if ((options.tlsCert === undefined) !== (options.tlsKey === undefined))
          throw new Error('--tls-cert and --tls-key go together');
        // The server's modules load only for this command: every other command starts without them.
        const { buildServer } = await import('../../server/app.js');
        const { loadZones } = await import('../../config/zones.js');
        const zones = options.zones ? loadZones(options.zones) : [];
        const riskModel = loadRiskModel(options.model);
        const store = await openStore(resolveStoreLocation(options.db));
        const https = options.tlsCert
          ? { cert: readFileSync(options.tlsCert), key: readFileSync(options.tlsKey!) }
          : undefined;
        const server = await buildServer({
          store,
          riskModel,
          zones,
          logger: options.log,
          https,
          listenHost: options.host,
          publicHosts: options.publicHost ?? [],
        });
        const shutdown = async () => {
          server.stop();
          await server.app.close();
          await store.close();
        };
        process.once('SIGINT', () => void shutdown());
        process.once('SIGTERM', () => void shutdown());
        const address = await server.app.listen({ host: options.host, port: options.port });
        const isLoopback = /^(127\.|::1$|localhost$)/.test(options.host);
        const lines = [
          `Vigil console: ${address.replace('://[::1]', '://localhost')}/`,
          `store: ${redactStoreLocation(store.location)}; devices: ${(await store.summaries.totals(new Date(0).toISOString())).devices}`,
        ];
        if ((await store.users.count()) === 0)
          lines.push(
            'no accounts yet: create the first administrator with `vigil users add NAME --role administrator`',
          );
        if (!https && !isLoopback)
          lines.push(
            'warning: plain HTTP beyond this machine: browsers drop the Secure session cookie; give --tls-cert and --tls-key',
          );
        process.stdout.write(`${lines.join('\n')}\n`);
        if (options.open) openBrowser(`${address.replace('://[::1]', '://localhost')}/`);
      },
    );
}
