import type { NetworkEndpoint, Observation } from '../../observe/observation.js';
import type { DetectorContext, DetectorDefinition } from '../detector.js';
import { detectionEvidence } from '../evidence-of.js';

const services: Partial<Record<Observation['kind'], string>> = {
  'telnet.login': 'telnet',
  'ftp.login': 'FTP',
  'http.request': 'HTTP Basic',
};

/**
 * A login with a well-known factory default (the list in `data/detect/default-credentials.json`,
 * checked by the dissector while it held the password): whoever knows the manual can log in.
 * Raised whether or not the device accepted it, since trying defaults is itself an attack step.
 */
export const defaultCredentialDetector: DetectorDefinition = {
  type: 'default-credential',
  kinds: ['telnet.login', 'ftp.login', 'http.request'],
  create(context: DetectorContext) {
    return {
      evicted: 0,
      observe(observation: Observation) {
        if (
          observation.kind !== 'telnet.login' &&
          observation.kind !== 'ftp.login' &&
          observation.kind !== 'http.request'
        )
          return;
        const entry = observation.defaultCredential;
        if (entry === undefined) return;
        const service = services[observation.kind]!;
        const accepted = observation.kind === 'http.request' ? undefined : observation.isAccepted;
        const { client, server } = observation as { client: NetworkEndpoint; server: NetworkEndpoint };
        context.report({
          type: 'default-credential',
          key: `${server.ip}/${service}`,
          severity: accepted === false ? 'medium' : 'high',
          techniques: ['T0812', 'T1078'],
          summary: '',
          remedy: `Change the password of that account on ${server.ip} (or disable the account), following the manufacturer's service guidance; then check what ${client.ip} did with the session.`,
          sources: [{ ip: client.ip, mac: client.mac }],
          targets: [{ ip: server.ip, mac: server.mac }],
          firstSeenMs: observation.timestampMs,
          lastSeenMs: observation.timestampMs,
          count: 1,
          evidence: [
            detectionEvidence(
              observation.evidence,
              observation.timestampMs,
              `${service} login as ${entry.slice(entry.indexOf(': ') + 2)}${accepted === undefined ? '' : accepted ? ', accepted' : ', refused'}`,
            ),
          ],
          detail: {
            service: [service],
            credential: [entry],
            ...(accepted === undefined ? {} : { verdict: [accepted ? 'accepted' : 'refused'] }),
          },
        });
      },
    };
  },
  summarise(detection) {
    const accepted = detection.detail.verdict?.includes('accepted');
    return `${detection.sources.map((source) => source.ip).join(', ')} logged in to ${detection.targets[0]?.ip} over ${detection.detail.service?.[0]} with a well-known default credential (${detection.detail.credential?.join('; ')})${accepted ? ', and the device accepted it' : ''}`;
  },
};
