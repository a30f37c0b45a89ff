import type { RelaySecurity } from '../relay/sensor-credentials.js';

/** `--creds` and `--tls-ca/-cert/-key` of `vigil sensor` and `vigil collect`, as the relay connection takes them. */
export function securityOf(options: {
  creds?: string;
  tlsCa?: string;
  tlsCert?: string;
  tlsKey?: string;
}): RelaySecurity {
  return {
    ...(options.creds === undefined ? {} : { credsFile: options.creds }),
    ...(options.tlsCa === undefined ? {} : { tlsCa: options.tlsCa }),
    ...(options.tlsCert === undefined ? {} : { tlsCert: options.tlsCert }),
    ...(options.tlsKey === undefined ? {} : { tlsKey: options.tlsKey }),
  };
}
