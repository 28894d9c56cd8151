import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';

/**
 * A browser-like client over app.inject: keeps cookies between requests and knows its CSRF token, so tests can act
 * as one visitor (or several, with several clients).
 */
export class TestVisitor {
  private readonly cookies = new Map<string, string>();
  csrfToken = '';

  constructor(
    private readonly app: FastifyInstance,
    readonly ip = '203.0.113.7',
  ) {}

  static async start(app: FastifyInstance, ip?: string): Promise<TestVisitor> {
    const visitor = new TestVisitor(app, ip);
    const response = await visitor.request({ method: 'GET', url: '/api/v1/session' });
    visitor.csrfToken = (response.json() as { csrfToken: string }).csrfToken;
    return visitor;
  }

  /** Puts a cookie in this client's jar, as if a response had set it (a member session made in a test). */
  setCookie(name: string, value: string): void {
    this.cookies.set(name, value);
  }

  /** The value of a cookie in this client's jar. */
  cookie(name: string): string | undefined {
    return this.cookies.get(name);
  }

  async request(options: InjectOptions): Promise<LightMyRequestResponse> {
    const cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    const response = await this.app.inject({
      remoteAddress: this.ip,
      ...options,
      headers: { ...(cookie ? { cookie } : {}), ...(options.headers ?? {}) },
    });
    for (const c of response.cookies as Array<{ name: string; value: string; maxAge?: number }>) {
      if (c.value === '' || c.maxAge === 0) this.cookies.delete(c.name);
      else this.cookies.set(c.name, c.value);
    }
    return response;
  }

  /** A JSON API write with the CSRF header, as the client islands send it. */
  api(method: 'PUT' | 'POST' | 'DELETE', url: string, payload?: unknown) {
    return this.request({
      method,
      url,
      headers: {
        'x-csrf-token': this.csrfToken,
        ...(payload === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(payload === undefined ? {} : { payload: JSON.stringify(payload) }),
    });
  }

  /** A plain HTML form post, as a browser with JavaScript off sends it. */
  form(url: string, fields: Record<string, string>) {
    return this.request({
      method: 'POST',
      url,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ _csrf: this.csrfToken, ...fields }).toString(),
    });
  }
}
