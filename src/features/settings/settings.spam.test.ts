import { describe, expect, it } from 'vitest';
import { parseSettingsForm } from '../../kernel/site-settings.js';
import { DEFAULT_SETTINGS } from './index.js';

const form = (overrides: Record<string, string>) => ({
  ...Object.fromEntries(
    Object.entries(DEFAULT_SETTINGS).map(([k, v]) => [k, Array.isArray(v) ? v.join('\n') : String(v)]),
  ),
  holdFirstComment: 'on',
  ...overrides,
});

describe('spam settings', () => {
  it('keeps blocked domains as bare, lower-cased host names, whatever was pasted', () => {
    const { settings, problems } = parseSettingsForm(
      form({ spamBlockedDomains: 'https://www.Pills.example/buy?now\ncasino.example, seo-links.example\n\n' }),
    );
    expect(problems).toEqual({});
    expect(settings.spamBlockedDomains).toEqual(['pills.example', 'casino.example', 'seo-links.example']);
  });

  it('keeps spam for 30 days by default, and refuses a retention outside 1..3650 days', () => {
    expect(DEFAULT_SETTINGS.spamRetentionDays).toBe(30);
    expect(parseSettingsForm(form({ spamRetentionDays: '0' })).problems.spamRetentionDays).toBe(
      'spamRetentionDays: a whole number from 1 to 3650',
    );
  });

  it('refuses a spam threshold below the uncertain one', () => {
    expect(parseSettingsForm(form({ spamPendingAbove: '0.8', spamRejectAbove: '0.5' })).problems.spamRejectAbove).toBe(
      'spamRejectAbove: must not be below spamPendingAbove',
    );
  });
});
