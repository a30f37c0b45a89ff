import { SaxesParser } from 'saxes';
import { printableText } from '../../observe/printable-text.js';
import { maxListed, sdcScopePrefixes } from './consts.js';

/** A qualified name resolved to its namespace, as WS-Discovery types are compared (§5.1). */
export interface QualifiedName {
  namespace: string;
  name: string;
}

/** What a WS-Discovery message says (Hello, Bye, Probe, ProbeMatches, Resolve, ResolveMatches). */
export interface DiscoveryMessage {
  /** The last part of wsa:Action, e.g. `Hello`. */
  action: string;
  /** The target service's endpoint reference address, usually `urn:uuid:…`. */
  endpoint: string | undefined;
  types: QualifiedName[];
  /**
   * The SDC scopes that describe the device, in a strict form: participant key purpose, device
   * component type, and the location's facility/building/floor/point of care/room/bed. Nothing
   * else is kept, so no patient context can slip through, however a scope is garbled.
   */
  scopes: string[];
  /** A patient context scope was announced (SDC `sdc.ctxt.pat:`); its value is not kept. */
  hasPatientScope: boolean;
  xAddrs: string[];
}

/**
 * Reads a WS-Discovery SOAP envelope with a namespace-aware XML parser (no DTDs, no entity
 * expansion beyond XML's own). Undefined when it is not well-formed XML or has no wsa:Action.
 */
export function readDiscoveryMessage(xml: string): DiscoveryMessage | undefined {
  const message: DiscoveryMessage = {
    action: '',
    endpoint: undefined,
    types: [],
    scopes: [],
    hasPatientScope: false,
    xAddrs: [],
  };
  const path: string[] = [];
  let text = '';
  const parser = new SaxesParser({ xmlns: true });
  parser.on('opentag', (tag) => {
    path.push(tag.local);
    text = '';
  });
  parser.on('text', (chunk) => {
    text += chunk;
  });
  parser.on('closetag', (tag) => {
    const value = text.trim();
    if (tag.local === 'Action' && message.action === '')
      message.action = printableText(value.split('/').at(-1) ?? '', 64);
    else if (tag.local === 'Address' && path.at(-2) === 'EndpointReference')
      message.endpoint ??= printableText(value, 128);
    else if (tag.local === 'Types')
      for (const qualified of value.split(/\s+/).filter(Boolean).slice(0, maxListed)) {
        const [prefix, name] = qualified.includes(':') ? qualified.split(':', 2) : ['', qualified];
        message.types.push({ namespace: parser.resolve(prefix!) ?? '', name: printableText(name ?? '', 64) });
      }
    else if (tag.local === 'Scopes')
      for (const scope of value.split(/\s+/).filter(Boolean).slice(0, maxListed)) {
        if (scope.toLowerCase().includes(sdcScopePrefixes.patient)) message.hasPatientScope = true;
        const kept = keptScope(scope);
        if (kept !== undefined) message.scopes.push(kept);
      }
    else if (tag.local === 'XAddrs')
      message.xAddrs.push(
        ...value
          .split(/\s+/)
          .filter(Boolean)
          .slice(0, maxListed)
          .map((address) => printableText(address, 256)),
      );
    path.pop();
    text = '';
  });
  try {
    parser.write(xml).close();
  } catch {
    return undefined;
  }
  return message.action === '' ? undefined : message;
}

const locationParameters = new Set(['fac', 'bldng', 'flr', 'poc', 'rm', 'bed']);

/** A scope reduced to what may be kept (see `DiscoveryMessage.scopes`), or undefined. */
function keptScope(scope: string): string | undefined {
  if (/^sdc\.mds\.pkp:[0-9.]{1,64}$/.test(scope)) return scope;
  if (/^sdc\.cdc\.type:[/0-9]{1,64}$/.test(scope)) return scope;
  if (!scope.startsWith(sdcScopePrefixes.location)) return undefined;
  // IEEE 11073-20701 §9.4.1.1: the location's parts are repeated as query parameters.
  const query = scope.slice(scope.indexOf('?') + 1);
  if (scope.indexOf('?') < 0) return undefined;
  const parts = query
    .split('&')
    .map((pair) => pair.split('='))
    .filter(
      ([name, value]) => locationParameters.has(name ?? '') && /^[A-Za-z0-9 ._-]{1,32}$/.test(value ?? ''),
    )
    .map(([name, value]) => `${name}=${value}`);
  return parts.length === 0 ? undefined : `${sdcScopePrefixes.location}${parts.join('&')}`;
}
