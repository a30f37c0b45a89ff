import type { Observation } from '../../observe/observation.js';
import type { DetectorContext, DetectorDefinition } from '../detector.js';
import { DistinctTally } from '../distinct-tally.js';
import { detectionEvidence } from '../evidence-of.js';
import { loginAttemptOf, loginKinds } from '../login-attempt.js';
import { partyOf, tallyDetection } from '../tally-report.js';

/**
 * Refused logins from one client to one server in a burst: telnet and FTP logins refused, HTTP
 * 401s, DICOM associations rejected (calling AE titles guessed). The names tried are kept, never
 * a password.
 */
export const loginBruteForceDetector: DetectorDefinition = {
  type: 'login-brute-force',
  kinds: loginKinds,
  create(context: DetectorContext) {
    const { config } = context;
    const failures = DistinctTally.within(
      config,
      config.loginFailures,
      config.loginFailureWindowMs,
      'events',
    );
    return {
      get evicted() {
        return failures.evicted;
      },
      observe(observation: Observation) {
        const attempt = loginAttemptOf(observation);
        if (attempt === undefined || attempt.isAccepted) return;
        const { client, server } = attempt;
        const name = attempt.username ?? '(no name)';
        const evidence = detectionEvidence(
          observation.evidence,
          `${attempt.service} login refused for ${name}`,
        );
        const counted = failures.add(
          `${client.ip}>${server.ip}:${server.port}`,
          name,
          observation.timestampMs,
          evidence,
        );
        if (counted === undefined) return;
        context.report(
          tallyDetection(
            {
              type: 'login-brute-force',
              key: `${client.ip}>${server.ip}:${server.port}`,
              severity: 'high',
              techniques: ['T1110'],
              remedy: `Block ${client.ip} from ${attempt.service} on ${server.ip} and find who runs it; check the server's log for a login that succeeded, change its passwords, and take ${attempt.service} off the network where it is not needed.`,
              sources: [partyOf(client.ip, client.mac)],
              targets: [partyOf(server.ip, server.mac)],
              detail: { service: [attempt.service], usernames: [name] },
            },
            counted,
            { atMs: observation.timestampMs, value: name, evidence, valueName: 'usernames' },
          ),
        );
      },
    };
  },
  summarise(detection) {
    const service = detection.detail.service?.[0] ?? 'login';
    const names = detection.detail.usernames ?? [];
    return `${detection.count} ${service} logins refused from ${detection.sources[0]?.ip} to ${detection.targets[0]?.ip} (names tried: ${names.slice(0, 5).join(', ')}${names.length > 5 ? ', …' : ''})`;
  },
};
