import { loginAttemptOf, loginKinds } from '../login-attempt.js';
import { tallyDetector } from '../tally-detector.js';
import { partyOf } from '../tally-report.js';

/**
 * Refused logins from one client to one server in a burst: telnet and FTP logins refused, HTTP
 * 401s, DICOM associations rejected (calling AE titles guessed). The names tried are kept, never
 * a password.
 */
export const loginBruteForceDetector = tallyDetector({
  type: 'login-brute-force',
  kinds: loginKinds,
  limits: (config) => [config.loginFailures, config.loginFailureWindowMs, 'events'],
  valueName: 'usernames',
  detailName: 'service',
  eventOf(observation) {
    const attempt = loginAttemptOf(observation);
    if (attempt === undefined || attempt.isAccepted) return undefined;
    const { client, server } = attempt;
    return {
      tallyKey: `${client.ip}>${server.ip}:${server.port}`,
      value: attempt.username ?? '(no name)',
      atMs: observation.timestampMs,
      detailValue: attempt.service,
    };
  },
  noteOf: (name, service) => `${service} login refused for ${name}`,
  reportOf(observation, event) {
    const { client, server, service } = loginAttemptOf(observation)!;
    return {
      type: 'login-brute-force',
      key: event.tallyKey,
      severity: 'high',
      techniques: ['T1110'],
      remedy: `Block ${client.ip} from ${service} on ${server.ip} and find who runs it; check the server's log for a login that succeeded, change its passwords, and take ${service} off the network where it is not needed.`,
      sources: [partyOf(client.ip, client.mac)],
      targets: [partyOf(server.ip, server.mac)],
    };
  },
  summarise(detection) {
    const service = detection.detail.service?.[0] ?? 'login';
    const names = detection.detail.usernames ?? [];
    return `${detection.count} ${service} logins refused from ${detection.sources[0]?.ip} to ${detection.targets[0]?.ip} (names tried: ${names.slice(0, 5).join(', ')}${names.length > 5 ? ', …' : ''})`;
  },
});
