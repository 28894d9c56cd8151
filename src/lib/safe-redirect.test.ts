import { describe, expect, it } from 'vitest';
import { safeRedirectPath } from './safe-redirect.js';

const admin = { within: '/admin', fallback: '/admin' };

describe('safeRedirectPath', () => {
  it('keeps a plain path inside the allowed area as it is', () => {
    expect(safeRedirectPath('/admin/users', admin)).toBe('/admin/users');
    expect(safeRedirectPath('/admin?x=1#top', admin)).toBe('/admin?x=1#top');
    expect(safeRedirectPath('/admin/films?q=%C3%A9t%C3%A9', admin)).toBe('/admin/films?q=%C3%A9t%C3%A9');
  });

  it('sends non-ASCII as UTF-8 percent-escapes', () => {
    expect(safeRedirectPath('/film/été', { fallback: '/' })).toBe('/film/%C3%A9t%C3%A9');
    expect(safeRedirectPath('/admin/films?q=東京 物語', admin)).toBe(
      '/admin/films?q=%E6%9D%B1%E4%BA%AC%20%E7%89%A9%E8%AA%9E',
    );
    expect(safeRedirectPath('/admin/x?e=😀', admin)).toBe('/admin/x?e=%F0%9F%98%80');
  });

  it('refuses control characters, lone surrogates, other sites, schemes and paths outside the area', () => {
    for (const bad of [
      '/admin\r\nSet-Cookie: x=1',
      '/admin\u0000',
      '/admin\tx',
      '/admin\u007f',
      '/admin\u0085',
      '/admin/\ud800',
      '//evil.example',
      '/\\evil.example',
      'https://evil.example/admin',
      'javascript:alert(1)',
      'admin',
      '',
      '/administrator',
      '/film/heat',
      undefined,
      ['/admin'],
    ]) {
      expect(safeRedirectPath(bad, admin)).toBe('/admin');
    }
  });

  it('escapes backslashes and quotes later in the path, so a browser cannot read them as slashes', () => {
    expect(safeRedirectPath('/admin/\\\\evil', admin)).toBe('/admin/%5C%5Cevil');
    expect(safeRedirectPath('/admin/"<x>"', admin)).toBe('/admin/%22%3Cx%3E%22');
  });
});
