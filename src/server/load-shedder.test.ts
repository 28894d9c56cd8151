import { describe, expect, it } from 'vitest';
import { admit, initialShedState, MAX_SHED_FRACTION, nextFraction } from './load-shedder.js';

/** Feed a run of delay samples through the controller, as the sampling timer would. */
const after = (samples: number[], limitMs = 40, start = 0) =>
  samples.reduce((fraction, delay) => nextFraction(fraction, delay, limitMs), start);

describe('load shedder decisions', () => {
  it('sheds nothing while the event loop keeps up', () => {
    expect(after([0, 5, 12, 39, 40, 20])).toBe(0);
    const state = initialShedState();
    for (let i = 0; i < 1000; i++) expect(admit(state, '/film/heat')).toBe(true);
  });

  it('sheds more for each sample over the limit, up to a cap that still serves some', () => {
    expect(after([80])).toBeGreaterThan(0);
    expect(after([80, 80])).toBeGreaterThan(after([80]));
    expect(after(Array(50).fill(500))).toBe(MAX_SHED_FRACTION);
    expect(MAX_SHED_FRACTION).toBeLessThan(1);
  });

  it('holds steady between half the limit and the limit, so a delay at the limit does not flap', () => {
    const shedding = after([80, 80, 80]);
    expect(after([25, 30, 39, 21], 40, shedding)).toBe(shedding);
  });

  it('recovers by itself: back to shedding nothing after a run of quiet samples from the cap', () => {
    const quiet = Array(Math.ceil(MAX_SHED_FRACTION / 0.05) + 1).fill(0);
    expect(after(quiet, 40, MAX_SHED_FRACTION)).toBe(0);
  });

  it('refuses the chosen share of requests, spread evenly, and never refuses at 0', () => {
    const state = { fraction: 0.25, credit: 0 };
    const refused = Array.from({ length: 100 }, () => !admit(state, '/film/heat'));
    expect(refused.filter(Boolean)).toHaveLength(25);
    // Evenly: every fourth, never a run of refusals.
    expect(refused.slice(0, 8)).toEqual([false, false, false, true, false, false, false, true]);
  });

  it('answers /healthz "unavailable" whenever any load is being refused, so a load balancer sends less', () => {
    expect(admit({ fraction: 0.05, credit: 0 }, '/healthz')).toBe(false);
    expect(admit({ fraction: 0, credit: 0 }, '/healthz')).toBe(true);
  });
});
