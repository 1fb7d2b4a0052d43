import type { CustomRoute } from '@slack/bolt';
import type { AppContext } from '../context.js';
import { isHealthy } from '../store/db.js';

/**
 * GET /healthz: 200 when Redis answers PING within a second and SQLite answers a query, 503 otherwise. The body
 * says which part failed, so a load balancer's log tells an operator where to look.
 */
export function healthRoute(getCtx: () => AppContext | undefined): CustomRoute {
  return {
    path: '/healthz',
    method: ['GET'],
    handler: (_req, res) => {
      void (async () => {
        const ctx = getCtx();
        const sqlite = ctx ? isHealthy(ctx.db) : false;
        let redis = false;
        if (ctx) {
          try {
            redis =
              (await Promise.race([
                ctx.redis.ping(),
                new Promise<string>((resolve) => setTimeout(() => resolve('timeout'), 1000).unref()),
              ])) === 'PONG';
          } catch {
            redis = false;
          }
        }
        const ok = sqlite && redis;
        res.writeHead(ok ? 200 : 503, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ ok, sqlite: sqlite ? 'ok' : 'down', redis: redis ? 'ok' : 'down' }));
      })();
    },
  };
}
