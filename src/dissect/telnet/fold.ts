import { attributeConfidence } from '../../inventory/attribute-confidence.js';
import type { DraftBook } from '../../inventory/draft-book.js';
import type { TelnetBannerObservation, TelnetLoginObservation } from './observation.js';

/** Systems that name themselves in a telnet banner, most specific first. */
const bannerSystems: readonly [RegExp, string][] = [
  [/debian/i, 'Debian'],
  [/ubuntu/i, 'Ubuntu'],
  [/red hat|rhel|centos/i, 'Red Hat Enterprise Linux'],
  [/busybox/i, 'Linux (BusyBox)'],
  [/\blinux\b/i, 'Linux'],
  [/vxworks/i, 'VxWorks'],
  [/\bqnx\b/i, 'QNX'],
  [/windows/i, 'Windows'],
  [/cisco ios/i, 'Cisco IOS'],
];

/**
 * Telnet: any telnet server is a finding (everything it carries, logins included, crosses in
 * clear), a password sent to it another; its banner and prompt name the host and system.
 */
export function foldTelnet(
  book: DraftBook,
  observation: TelnetBannerObservation | TelnetLoginObservation,
): void {
  const server = book.deviceForIp(observation.server.ip, observation);
  const client = book.deviceForIp(observation.client.ip, observation);
  book.addProtocol(server, 'telnet', observation.timestampMs);
  book.addProtocol(client, 'telnet', observation.timestampMs);
  book.addFinding(server, 'telnet-service', observation);
  if (observation.kind === 'telnet.login') {
    if (observation.isPasswordSent) book.addFinding(server, 'cleartext-credentials', observation);
    return;
  }
  const confidence = attributeConfidence.softwareFromBanner;
  const banner = observation.banner ?? observation.loginPrompt;
  book.addAttribute(server, 'telnet.banner', banner, observation.kind, confidence, observation);
  if (observation.promptHostname !== undefined)
    book.addAttribute(
      server,
      'hostname',
      observation.promptHostname,
      observation.kind,
      attributeConfidence.hostnameFromPrompt,
      observation,
    );
  const system = bannerSystems.find(([pattern]) => pattern.test(banner))?.[1];
  if (system !== undefined)
    book.addAttribute(server, 'os', system, observation.kind, attributeConfidence.osFromBanner, observation);
}
