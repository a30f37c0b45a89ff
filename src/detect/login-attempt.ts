import type { NetworkEndpoint, Observation, ObservationKind } from '../observe/observation.js';

/** A login (or its protocol's equivalent) and its verdict, whatever protocol carried it. */
export interface LoginAttempt {
  client: NetworkEndpoint;
  server: NetworkEndpoint;
  /** `telnet`, `FTP`, `HTTP Basic`, `DICOM association`. */
  service: string;
  /** The name tried, when the protocol shows one (never a password). */
  username: string | undefined;
  isAccepted: boolean;
}

/** The observations that carry a login verdict. */
export const loginKinds: readonly ObservationKind[] = [
  'telnet.login',
  'ftp.login',
  'http.response',
  'dicom.association',
];

/**
 * The login an observation reports, or undefined. An HTTP 401 counts as a refused login (a first
 * request without credentials also gets one, which the thresholds allow for); a DICOM
 * association rejected counts as a refused calling AE title.
 */
export function loginAttemptOf(observation: Observation): LoginAttempt | undefined {
  switch (observation.kind) {
    case 'telnet.login':
      return observation.isPasswordSent
        ? {
            ...endsOf(observation),
            service: 'telnet',
            username: observation.username,
            isAccepted: observation.isAccepted,
          }
        : undefined;
    case 'ftp.login':
      return observation.isPasswordSent && !observation.isAnonymous
        ? {
            ...endsOf(observation),
            service: 'FTP',
            username: observation.username,
            isAccepted: observation.isAccepted,
          }
        : undefined;
    case 'http.response':
      if (observation.statusCode === 401)
        return { ...endsOf(observation), service: 'HTTP', username: undefined, isAccepted: false };
      return undefined;
    case 'dicom.association':
      return {
        ...endsOf(observation),
        service: 'DICOM association',
        username: observation.callingAeTitle,
        isAccepted: observation.isAccepted,
      };
    default:
      return undefined;
  }
}

function endsOf(observation: { client: NetworkEndpoint; server: NetworkEndpoint }) {
  return { client: observation.client, server: observation.server };
}
