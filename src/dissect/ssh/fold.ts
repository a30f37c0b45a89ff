import { attributeConfidence } from '../../inventory/attribute-confidence.js';
import type { DraftBook } from '../../inventory/draft-book.js';
import type { SshBannerObservation } from './observation.js';

/** SSH: each side's banner names its software and, often, its operating system. */
export function foldSsh(book: DraftBook, observation: SshBannerObservation): void {
  const sender = book.deviceForIp(
    observation.isFromServer ? observation.server.ip : observation.client.ip,
    observation,
  );
  book.addProtocol(sender, 'ssh', observation.timestampMs);
  const confidence = attributeConfidence.softwareFromBanner;
  book.addAttribute(sender, 'ssh.banner', observation.banner, observation.kind, confidence, observation);
  book.addAttribute(
    sender,
    'software',
    observation.software.replace('_', ' '),
    observation.kind,
    confidence,
    observation,
  );
  const operatingSystem = operatingSystemOf(observation);
  if (operatingSystem !== undefined) {
    book.addAttribute(
      sender,
      'os',
      operatingSystem,
      observation.kind,
      attributeConfidence.osFromBanner,
      observation,
    );
  }
}

/** Operating systems that distributions write into the banner comment (e.g. `Debian-2+deb12u3`). */
const operatingSystemHints: readonly [RegExp, string][] = [
  [/debian|deb\d+u\d+/i, 'Debian'],
  [/ubuntu/i, 'Ubuntu'],
  [/raspbian/i, 'Raspbian'],
  [/freebsd/i, 'FreeBSD'],
  [/windows/i, 'Windows'],
];

/** An operating system named by the software or comment part of a banner, if any. */
function operatingSystemOf(banner: Pick<SshBannerObservation, 'software' | 'comments'>): string | undefined {
  const text = `${banner.software} ${banner.comments ?? ''}`;
  return operatingSystemHints.find(([pattern]) => pattern.test(text))?.[1];
}
