import type { NetworkEndpoint, ObservationBase } from '../../observe/observation.js';

/** A telnet server's banner and login prompt, which often name the host and its system. */
export interface TelnetBannerObservation extends ObservationBase {
  kind: 'telnet.banner';
  client: NetworkEndpoint;
  server: NetworkEndpoint;
  /** Text lines before the prompt (e.g. `Debian GNU/Linux 12`, a product name), joined by ` | `. */
  banner: string | undefined;
  /** The prompt itself, e.g. `ct-console login:`. */
  loginPrompt: string;
  /** The host name login programs put before `login:`. */
  promptHostname: string | undefined;
}

/** A telnet login in clear: the user name, that a password was sent, and the verdict. Never the password. */
export interface TelnetLoginObservation extends ObservationBase {
  kind: 'telnet.login';
  client: NetworkEndpoint;
  server: NetworkEndpoint;
  username: string | undefined;
  isPasswordSent: boolean;
  /** False when the server answered with `Login incorrect` or asked again; true when it went on. */
  isAccepted: boolean;
  /** The default-credential list's entry (`admin-1: …`) the login matched, never the password. */
  defaultCredential: string | undefined;
}
