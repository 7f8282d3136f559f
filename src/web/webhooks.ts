// Mounts each webhook-mode channel adapter on the web server. The secret is checked in onRequest,
// before the body is read; the body is limited to the adapter's size (256 KB); every answer is a
// bare { ok } (no framework error codes). A body that does not parse as JSON is still answered 200:
// the platform would only send it again.
import type { FastifyInstance } from "fastify";
import type { ChannelAdapter } from "../channels/types.ts";

export function registerWebhooks(app: FastifyInstance, adapters: readonly ChannelAdapter[]): void {
  for (const adapter of adapters) {
    const path = adapter.webhookPath;
    const handle = adapter.handleWebhook?.bind(adapter);
    if (!path || !handle) continue;
    const authenticate = adapter.authenticateWebhook?.bind(adapter);
    app.register(async (scope) => {
      // Text bodies (and JSON that does not parse) reach the adapter as a string it can judge.
      scope.removeAllContentTypeParsers();
      scope.addContentTypeParser("*", { parseAs: "string" }, (_request, body, done) => {
        const text = String(body);
        try {
          done(null, text.length === 0 ? undefined : JSON.parse(text));
        } catch {
          done(null, text);
        }
      });
      scope.setErrorHandler(async (error, _request, reply) => {
        const status = (error as { statusCode?: number }).statusCode ?? 500;
        // Too large or unreadable: refusing it with 4xx keeps the platform from retrying forever.
        return reply.code(status === 413 ? 413 : status >= 500 ? 503 : 400).send({ ok: false });
      });
      scope.post(
        path,
        {
          ...(adapter.webhookBodyLimit ? { bodyLimit: adapter.webhookBodyLimit } : {}),
          onRequest: async (request, reply) => {
            if (authenticate && !authenticate(request.headers)) return reply.code(401).send({ ok: false });
          },
        },
        async (request, reply) => {
          const status = await handle({ headers: request.headers, body: request.body });
          return reply.code(status).send({ ok: status === 200 });
        },
      );
    });
  }
}
