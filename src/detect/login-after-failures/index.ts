import type { Observation } from '../../observe/observation.js';
import { BoundedMap } from '../bounded-map.js';
import type { DetectorContext, DetectorDefinition } from '../detector.js';
import { detectionEvidence } from '../evidence-of.js';
import { loginAttemptOf, loginKinds } from '../login-attempt.js';
import { partyOf } from '../tally-report.js';

interface Failures {
  count: number;
  firstMs: number;
  lastMs: number;
}

/**
 * A login accepted after a run of refused ones from the same client to the same server: the
 * guess that worked. Raised as critical: the account is in someone else's hands until proved not.
 */
export const loginAfterFailuresDetector: DetectorDefinition = {
  type: 'login-after-failures',
  kinds: loginKinds,
  create(context: DetectorContext) {
    const { config } = context;
    const failures = new BoundedMap<string, Failures>(config.maxTrackedKeys);
    return {
      get evicted() {
        return failures.evicted;
      },
      observe(observation: Observation) {
        const attempt = loginAttemptOf(observation);
        if (attempt === undefined) return;
        const { client, server } = attempt;
        const key = `${client.ip}>${server.ip}:${server.port}`;
        const atMs = observation.timestampMs;
        const before = failures.get(key);
        const isRecent = before !== undefined && atMs - before.lastMs <= config.loginFailureWindowMs;
        if (!attempt.isAccepted) {
          failures.set(
            key,
            isRecent
              ? { ...before, count: before.count + 1, lastMs: atMs }
              : { count: 1, firstMs: atMs, lastMs: atMs },
          );
          return;
        }
        failures.delete(key);
        if (!isRecent || before.count < config.loginFailures) return;
        const name = attempt.username ?? '(no name)';
        context.report({
          type: 'login-after-failures',
          key,
          severity: 'critical',
          techniques: ['T0859', 'T1110', 'T1078'],
          summary: '',
          remedy: `Treat the ${attempt.service} account ${name} on ${server.ip} as taken: change its password, end its sessions, and look at what ${client.ip} did after the login.`,
          sources: [partyOf(client.ip, client.mac)],
          targets: [partyOf(server.ip, server.mac)],
          firstSeenMs: before.firstMs,
          lastSeenMs: atMs,
          count: 1,
          evidence: [
            detectionEvidence(
              observation.evidence,
              atMs,
              `${attempt.service} login accepted for ${name} after ${before.count} refused`,
            ),
          ],
          detail: { service: [attempt.service], usernames: [name], refusedBefore: [String(before.count)] },
        });
      },
    };
  },
  summarise(detection) {
    const service = detection.detail.service?.[0] ?? 'login';
    return `${service} login accepted for ${detection.detail.usernames?.join(', ')} from ${detection.sources[0]?.ip} to ${detection.targets[0]?.ip} after ${detection.detail.refusedBefore?.[0]} refused`;
  },
};
