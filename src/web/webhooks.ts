// Mounts each webhook-mode channel adapter on the web server. The adapter checks the secret token
// and answers the status; the web layer knows nothing about platforms.
import type { FastifyInstance } from "fastify";
import type { ChannelAdapter } from "../channels/types.ts";

export function registerWebhooks(app: FastifyInstance, adapters: readonly ChannelAdapter[]): void {
  for (const adapter of adapters) {
    const path = adapter.webhookPath;
    const handle = adapter.handleWebhook?.bind(adapter);
    if (!path || !handle) continue;
    app.post(path, async (request, reply) => {
      const status = await handle({ headers: request.headers, body: request.body });
      return reply.code(status).send(status === 200 ? { ok: true } : { ok: false });
    });
  }
}
