import { randomBytes } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';

/**
 * The browser family of a user-agent, e.g. "Firefox on Linux": coarse on purpose, so that a browser update is not a
 * new device, while a phone or another browser is. Used with the device cookie (recovery.service.ts).
 */
export function browserFamily(userAgent: string): string {
  const ua = userAgent;
  const browser = /Edg\//.test(ua)
    ? 'Edge'
    : /OPR\/|Opera/.test(ua)
      ? 'Opera'
      : /Firefox\//.test(ua)
        ? 'Firefox'
        : /Chrome\/|CriOS\//.test(ua)
          ? 'Chrome'
          : /Safari\//.test(ua)
            ? 'Safari'
            : 'another browser';
  const os = /Android/.test(ua)
    ? 'Android'
    : /iPhone|iPad|iPod/.test(ua)
      ? 'iOS'
      : /Windows/.test(ua)
        ? 'Windows'
        : /Mac OS X|Macintosh/.test(ua)
          ? 'macOS'
          : /Linux|X11/.test(ua)
            ? 'Linux'
            : 'an unknown system';
  return `${browser} on ${os}`;
}

/** The long-lived cookie that tells a browser this account signed in from before. */
export const DEVICE_COOKIE = 'rh_device';

/** This browser's device id, from its cookie or new (and then set, for a year). */
export function deviceIdOf(request: FastifyRequest, reply: FastifyReply): string {
  const held = request.cookies[DEVICE_COOKIE];
  if (held && /^[A-Za-z0-9_-]{32,64}$/.test(held)) return held;
  const id = randomBytes(24).toString('base64url');
  reply.setCookie(DEVICE_COOKIE, id, {
    path: '/admin',
    httpOnly: true,
    sameSite: 'lax',
    secure: 'auto',
    maxAge: 365 * 24 * 3600,
  });
  return id;
}
