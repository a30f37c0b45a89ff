import type { RegisteredObservation } from '../dissect/registry.js';
import type { FlowRecord } from '../flows/flow-record.js';

/**
 * Where a fact was seen, so every attribute can be traced back to the packet that proves it.
 */
export interface Evidence {
  /** The capture's name as given to ingest (`-` for standard input), or a sensor's id. */
  capture: string;
  /** 1-based packet number in the capture, as tshark's `frame.number`. */
  packetNumber: number;
  /** Byte offset of the packet's record or block in the capture. */
  fileOffset: number;
}

/** What every observation carries: when and where it was seen. */
export interface ObservationBase {
  /** When the evidence was captured, milliseconds since the epoch (fractional part keeps microseconds). */
  timestampMs: number;
  evidence: Evidence;
}

/** One end of a connection as an observation names it. */
export interface NetworkEndpoint {
  ip: string;
  port: number;
  /** The MAC its frames carried: the device itself on the same segment, a router's beyond it. */
  mac: string | undefined;
}

/** A flow that ended (idle, evicted, or at the end of the capture), with its counters. */
export interface FlowSummaryObservation extends ObservationBase {
  kind: 'flow.summary';
  flow: FlowRecord;
}

/**
 * The currency between dissectors and every later stage: flow summaries, and whatever each
 * protocol in the registry declares in its folder's `observation.ts`.
 */
export type Observation = FlowSummaryObservation | RegisteredObservation;

export type ObservationKind = Observation['kind'];

/** Receives observations as dissectors produce them. */
export type ObservationSink = (observation: Observation) => void;
