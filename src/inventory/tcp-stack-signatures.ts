import type { TcpSynSignature } from '../flows/flow-record.js';

/**
 * TCP stacks recognised from a SYN or SYN-ACK: the initial TTL (the captured TTL rounded up to
 * the next common starting value) and the order of options. In the spirit of p0f's signatures,
 * kept coarse on purpose: a hint with low confidence, never proof.
 */
interface StackSignature {
  operatingSystem: string;
  initialTimeToLive: number;
  /** Option layouts as `formatOptionsLayout` writes them. */
  layouts: readonly string[];
  confidence: number;
}

const signatures: readonly StackSignature[] = [
  {
    operatingSystem: 'Linux',
    initialTimeToLive: 64,
    layouts: ['M,S,T,N,W', 'M,N,N,S,N,W', 'M,S,N,W'],
    confidence: 0.5,
  },
  {
    operatingSystem: 'Windows',
    initialTimeToLive: 128,
    layouts: ['M,N,W,N,N,S', 'M,N,W,S,T', 'M,N,W,N,N,T,S'],
    confidence: 0.5,
  },
  {
    operatingSystem: 'Apple macOS or iOS',
    initialTimeToLive: 64,
    layouts: ['M,N,W,N,N,T,S,E,E'],
    confidence: 0.5,
  },
  { operatingSystem: 'FreeBSD', initialTimeToLive: 64, layouts: ['M,N,W,S,T'], confidence: 0.4 },
  // A lone MSS option is what small embedded stacks (lwIP, VxWorks, many device firmwares) send.
  { operatingSystem: 'embedded TCP/IP stack', initialTimeToLive: 64, layouts: ['M'], confidence: 0.3 },
  { operatingSystem: 'embedded TCP/IP stack', initialTimeToLive: 255, layouts: ['M'], confidence: 0.3 },
];

const initialTimeToLives = [32, 64, 128, 255];

/** The starting TTL a captured one most likely began at: the next common value at or above it. */
export function initialTimeToLive(captured: number): number {
  return initialTimeToLives.find((value) => captured <= value) ?? 255;
}

/** The operating system a SYN signature points to, with the confidence of that hint. */
export function stackOf(syn: TcpSynSignature): { operatingSystem: string; confidence: number } | undefined {
  const ttl = initialTimeToLive(syn.timeToLive);
  const match = signatures.find(
    (signature) => signature.initialTimeToLive === ttl && signature.layouts.includes(syn.optionsLayout),
  );
  return match === undefined
    ? undefined
    : { operatingSystem: match.operatingSystem, confidence: match.confidence };
}

/** A compact text form for analysts: `initial-ttl:window:layout`, e.g. `64:64240:M,S,T,N,W`. */
export function formatSynSignature(syn: TcpSynSignature): string {
  return `${initialTimeToLive(syn.timeToLive)}:${syn.window}:${syn.optionsLayout}`;
}
