import { openCapture } from '../../src/capture/open-capture.js';
import { pipelineConfig } from '../../src/config/defaults.js';
import { PacketPipeline } from '../../src/ingest/packet-pipeline.js';
import type { Observation } from '../../src/observe/observation.js';

/** Runs a capture through the packet pipeline (no store) and returns every observation in order. */
export async function observeCapture(
  capture: string,
): Promise<{ observations: Observation[]; pipeline: PacketPipeline }> {
  const opened = await openCapture(capture);
  const observations: Observation[] = [];
  const pipeline = new PacketPipeline(capture, pipelineConfig(), (observation) =>
    observations.push(observation),
  );
  try {
    await opened.reader.read(pipeline.handlePacket);
    pipeline.finish();
  } finally {
    await opened.close();
  }
  return { observations, pipeline };
}
