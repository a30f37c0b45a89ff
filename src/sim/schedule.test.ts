import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Schedule } from './schedule.js';

describe('Schedule', () => {
  it('runs every job in time order, recurring ones until the end and none after', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ at: fc.nat(1_000), every: fc.option(fc.integer({ min: 50, max: 300 })) }), {
          maxLength: 40,
        }),
        (jobs) => {
          const schedule = new Schedule();
          const ran: [number, number][] = [];
          jobs.forEach((job, index) => {
            schedule.add(job.at, (atUs) => {
              ran.push([atUs, index]);
              return job.every ?? undefined;
            });
          });
          schedule.runUntil(2_000, () => {});
          const expected = jobs.flatMap((job, index) => {
            const times: number[] = [];
            for (let at = job.at; at < 2_000; at += job.every ?? 2_000) times.push(at);
            return times.map((at) => [at, index] as [number, number]);
          });
          expect(ran.map(([at]) => at)).toEqual([...ran.map(([at]) => at)].sort((a, b) => a - b));
          expect([...ran].sort((a, b) => a[0] - b[0] || a[1] - b[1])).toEqual(
            expected.sort((a, b) => a[0] - b[0] || a[1] - b[1]),
          );
        },
      ),
    );
  });
});
