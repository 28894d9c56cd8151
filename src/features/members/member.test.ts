import { expect, it } from 'vitest';
import { claimMessage } from './claim.service.js';
import { emailKeyOf, handleKeyOf, handleProblem } from './member.js';

it('treats case, spacing and Unicode compatibility forms of an address as one account', () => {
  const key = emailKeyOf('ann@example.org');
  for (const variant of ['Ann@Example.ORG', '  ann@example.org ', 'ａｎｎ@ｅｘａｍｐｌｅ.ｏｒｇ']) {
    expect(emailKeyOf(variant)).toBe(key);
  }
  expect(emailKeyOf('anne@example.org')).not.toBe(key);
});

it('accepts handles of 2–30 of a–z, digits, _ and -, case-insensitively unique, and refuses reserved words', () => {
  expect(handleProblem('Ann_B-2')).toBeNull();
  expect(handleKeyOf('Ann_B-2')).toBe('ann_b-2');
  expect(handleProblem('a')).toMatch(/^handle: /);
  expect(handleProblem('x'.repeat(31))).toMatch(/^handle: /);
  expect(handleProblem('ann b')).toMatch(/^handle: /);
  expect(handleProblem('ännchen')).toMatch(/^handle: /);
  // The Kelvin sign lower-cases to an ASCII "k": refused as typed.
  expect(handleProblem('\u212Aate')).toMatch(/^handle: /);
  for (const reserved of ['admin', 'API', 'login', 'Join', 'me', 'settings']) {
    expect(handleProblem(reserved)).toMatch(/reserved/);
  }
});

it('says what a claim brought along, in plain English, and nothing when it brought nothing', () => {
  expect(claimMessage({ ratings: 12, likes: 3, comments: 2 })).toBe(
    'We added your 12 ratings, 3 likes and 2 comments from this browser to your account.',
  );
  expect(claimMessage({ ratings: 1, likes: 0, comments: 1 })).toBe(
    'We added your 1 rating and 1 comment from this browser to your account.',
  );
  expect(claimMessage({ ratings: 0, likes: 0, comments: 0 })).toBeNull();
});
