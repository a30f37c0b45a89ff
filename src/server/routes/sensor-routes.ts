import { sensorSilentAfterMs, sensorStatusOf } from '../../relay/sensor-silence.js';
import type { ServerContext } from '../server-context.js';

/** The sensors the collector has heard (`vigil collect`), with their last heartbeat and whether they fell silent. */
export function registerSensorRoutes(context: ServerContext): void {
  const { routes, store } = context;
  routes.add(
    {
      method: 'GET',
      url: '/api/v1/sensors',
      access: 'system:read',
      tag: 'system',
      summary:
        'Every sensor the collector heard: site, name, first and last heard, messages, its last heartbeat (packets, packets/s, kernel drops, lag, spool, what the full spool dropped, last commit) `status`: `silent` when unheard for longer than `silentAfterSeconds`, and `enrolled`: whether `vigil sensor enroll` issued its credentials',
    },
    async () => {
      const now = Date.now();
      const enrolled = new Set(
        (await store.relay.enrolments()).map((enrolment) => `${enrolment.site}/${enrolment.name}`),
      );
      return {
        silentAfterSeconds: sensorSilentAfterMs / 1000,
        sensors: (await store.relay.sensors()).map((sensor) => ({
          ...sensor,
          status: sensorStatusOf(sensor, now),
          enrolled: enrolled.has(sensor.id),
        })),
      };
    },
  );
}
