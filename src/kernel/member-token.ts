// Personal API tokens of members (features/members, docs/decisions/034) are accepted on the member's own API only,
// by the hook that resolves the member session. A request authenticated by one carries no cookie credential, so it
// needs no CSRF token: a forged cross-site request cannot set an Authorization header.

declare module 'fastify' {
  interface FastifyRequest {
    /** True when a member's personal API token (Authorization: Bearer) authenticated this request. */
    memberByToken: boolean;
  }
}

/** The routes a member's token opens: `/api/v1/me` and below, decided on the matched route's pattern. */
export const isMemberApiPattern = (pattern: string) => pattern === '/api/v1/me' || pattern.startsWith('/api/v1/me/');

/** The token of an `Authorization: Bearer …` header ('' when the header is missing or of another scheme). */
export function bearerOf(header: string | undefined): string {
  if (!header || !/^bearer /i.test(header)) return '';
  return header.slice(7).trim();
}
