/**
 * The load half of bench/api-latency.ts, run as its own process so the client's work does not
 * share the server's event loop: `connections` keep-alive connections, each sending the next
 * request as soon as the last answer arrived, for `seconds`; every request's latency is kept.
 *
 *   node --import tsx bench/api-load.ts <origin> <token> <seconds> <connections> <path>…
 *
 * Prints one JSON line: per path the latencies' p50/p95/p99 and count, and the errors.
 */
import { Agent, request } from 'node:http';

const [origin = '', token = '', secondsText = '10', connectionsText = '8', ...paths] = process.argv.slice(2);
const seconds = Number(secondsText);
const connections = Number(connectionsText);
const agent = new Agent({ keepAlive: true, maxSockets: connections });
const latencies = new Map<string, number[]>(paths.map((path) => [path, []]));
let errors = 0;

function get(path: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const call = request(
      `${origin}${path}`,
      { agent, headers: { authorization: `Bearer ${token}` } },
      (response) => {
        response.resume();
        response.on('end', () => {
          if (response.statusCode !== 200) reject(new Error(`${path}: ${response.statusCode}`));
          else resolve(Number(process.hrtime.bigint() - started) / 1e6);
        });
      },
    );
    call.on('error', reject);
    call.end();
  });
}

function percentile(sorted: readonly number[], fraction: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(fraction * sorted.length))] ?? Number.NaN;
}

const endAt = Date.now() + seconds * 1000;
let next = 0;
await Promise.all(
  Array.from({ length: connections }, async () => {
    while (Date.now() < endAt) {
      // Round robin over the paths, so every filter meets the same load.
      const path = paths[next++ % paths.length]!;
      try {
        latencies.get(path)!.push(await get(path));
      } catch {
        errors += 1;
      }
    }
  }),
);
agent.destroy();
const all = [...latencies.values()].flat().sort((a, b) => a - b);
const summary = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return {
    count: sorted.length,
    p50: percentile(sorted, 0.5),
    p95: percentile(sorted, 0.95),
    p99: percentile(sorted, 0.99),
  };
};
process.stdout.write(
  `${JSON.stringify({
    seconds,
    connections,
    errors,
    overall: { ...summary(all), requestsPerSecond: all.length / seconds },
    paths: Object.fromEntries([...latencies].map(([path, values]) => [path, summary(values)])),
  })}\n`,
);
