import { describe, expect, it } from 'vitest';
import { pauseLength } from './throttle.js';

describe('the lockout message', () => {
  it('says minutes in the singular or plural, rounded up, never "minute(s)"', () => {
    expect(pauseLength(30)).toBe('1 minute');
    expect(pauseLength(60)).toBe('1 minute');
    expect(pauseLength(61)).toBe('2 minutes');
    expect(pauseLength(300)).toBe('5 minutes');
    expect(pauseLength(0)).toBe('1 minute');
  });
});
