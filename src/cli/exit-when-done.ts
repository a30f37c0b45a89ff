/**
 * Ends the process once its work is done even if a NATS connection lingers: a first connection
 * that timed out (the event loop busy with packets) can still complete inside the NATS client
 * after it gave up on it, and that socket would keep a finished sensor alive for ever.
 */
export function exitDespiteLeakedConnections(): void {
  setTimeout(() => process.exit(), 2_000).unref();
}
