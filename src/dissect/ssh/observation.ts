import type { NetworkEndpoint, ObservationBase } from '../../observe/observation.js';

/** An SSH identification string (RFC 4253 §4.2), sent in clear by each side. */
export interface SshBannerObservation extends ObservationBase {
  kind: 'ssh.banner';
  client: NetworkEndpoint;
  server: NetworkEndpoint;
  /** Whether the server (the responder) sent it. */
  isFromServer: boolean;
  /** The whole line, e.g. `SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u3`. */
  banner: string;
  protocolVersion: string;
  software: string;
  comments: string | undefined;
}
