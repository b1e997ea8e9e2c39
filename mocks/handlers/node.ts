import type { RequestHandler } from 'msw';
import { setupServer, type SetupServer } from 'msw/node';

export interface TestServer {
  readonly msw: SetupServer;
  /** Starts intercepting; a request no handler answers fails the test. */
  listen(): void;
  /** Per-test overrides, e.g. `use(http.get(url, () => HttpResponse.error(), { once: true }))`. */
  use(...handlers: RequestHandler[]): void;
  resetHandlers(): void;
  close(): void;
}

/** msw/node for vitest integration tests: listen in beforeAll, resetHandlers in afterEach, close in afterAll. */
export function createTestServer(handlers: readonly RequestHandler[]): TestServer {
  const msw = setupServer(...handlers);
  return {
    msw,
    listen: () => msw.listen({ onUnhandledRequest: 'error' }),
    use: (...overrides) => msw.use(...overrides),
    resetHandlers: () => msw.resetHandlers(),
    close: () => msw.close(),
  };
}
