import type { NetworkEndpoint, ObservationBase } from '../../observe/observation.js';

/** A VNC (RFB, RFC 6143) handshake: protocol versions and security types offered and used. */
export interface VncHandshakeObservation extends ObservationBase {
  kind: 'vnc.handshake';
  client: NetworkEndpoint;
  server: NetworkEndpoint;
  /** e.g. `003.008`. */
  serverVersion: string;
  clientVersion: string;
  offeredSecurityTypes: string[];
  /** `none` lets anyone take the screen, keyboard and mouse. */
  securityType: string;
}

/** The desktop a VNC server announces after the handshake (ServerInit, RFC 6143 §7.3.2). */
export interface VncDesktopObservation extends ObservationBase {
  kind: 'vnc.desktop';
  client: NetworkEndpoint;
  server: NetworkEndpoint;
  width: number;
  height: number;
  /** Often the host and user (`ct-console:1 (service)`) or the application. */
  desktopName: string;
}
