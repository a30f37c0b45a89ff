import { attributeConfidence } from '../../inventory/attribute-confidence.js';
import type { DraftBook } from '../../inventory/draft-book.js';
import type { FtpGreetingObservation, FtpLoginObservation } from './observation.js';

/**
 * FTP: the greeting names the server's software; a login whose password crossed in clear is a
 * cleartext-credentials finding on the server, and an accepted anonymous login an anonymous-ftp one.
 */
export function foldFtp(book: DraftBook, observation: FtpGreetingObservation | FtpLoginObservation): void {
  const server = book.deviceForIp(observation.server.ip, observation);
  const client = book.deviceForIp(observation.client.ip, observation);
  book.addProtocol(server, 'ftp', observation.timestampMs);
  book.addProtocol(client, 'ftp', observation.timestampMs);
  if (observation.kind === 'ftp.greeting') {
    book.addAttribute(
      server,
      'ftp.greeting',
      observation.greeting,
      observation.kind,
      attributeConfidence.softwareFromBanner,
      observation,
    );
    return;
  }
  if (observation.isAnonymous && observation.isAccepted)
    book.addFinding(server, 'anonymous-ftp', observation);
  else if (observation.isPasswordSent) book.addFinding(server, 'cleartext-credentials', observation);
}
