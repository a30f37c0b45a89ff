import type { NetworkEndpoint, ObservationBase } from '../../observe/observation.js';

/** An FTP server's 220 greeting, which often names its software (RFC 959 §4.2). */
export interface FtpGreetingObservation extends ObservationBase {
  kind: 'ftp.greeting';
  client: NetworkEndpoint;
  server: NetworkEndpoint;
  greeting: string;
}

/**
 * An FTP login in clear: the user name, whether a password was sent, and the server's verdict.
 * The password is never kept.
 */
export interface FtpLoginObservation extends ObservationBase {
  kind: 'ftp.login';
  client: NetworkEndpoint;
  server: NetworkEndpoint;
  username: string;
  /** `anonymous` or `ftp`, the conventional anonymous logins (RFC 1635). */
  isAnonymous: boolean;
  isPasswordSent: boolean;
  /** 230 (logged in) rather than 530. */
  isAccepted: boolean;
  /** The default-credential list's entry (`admin-1: …`) the login matched, never the password. */
  defaultCredential: string | undefined;
}
