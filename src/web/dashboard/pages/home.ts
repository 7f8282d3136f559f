// The start page: the member's cells and, for supervisors, their committees' roll-ups. With only
// one place to go, it goes there.
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { html } from "../html.ts";
import { cellPath, committeePath, flashBox, page } from "../layout.ts";
import { query, sendHtml, signed } from "../context.ts";
import { ROLE_LABELS } from "../../../messages/dashboard.ts";

export function registerHome(app: FastifyInstance): void {
  const handler = async (request: FastifyRequest, reply: FastifyReply) => {
    const { scope, csrfToken } = signed(request);
    const ok = query(request, "ok");
    const suffix = ok ? `?ok=${encodeURIComponent(ok)}` : "";
    if (scope.cells.length === 1 && scope.committees.length === 0) return reply.redirect(cellPath(scope.cells[0]!.id) + suffix, 303);
    if (scope.cells.length === 0 && scope.committees.length === 1) return reply.redirect(committeePath(scope.committees[0]!.id) + suffix, 303);
    return sendHtml(
      reply,
      page({
        title: "Trang chính",
        viewer: { fullName: scope.member.fullName, csrfToken },
        flash: flashBox(ok),
        body: html`
${
  scope.cells.length > 0
    ? html`<section class="card"><h2>Chi bộ của đồng chí</h2><ul class="links">${scope.cells.map(
        (c) => html`<li><a href="${cellPath(c.id)}">${c.name}</a> <span class="muted">(${ROLE_LABELS[scope.member.role] ?? ""})</span></li>`,
      )}</ul></section>`
    : ""
}
${
  scope.committees.length > 0
    ? html`<section class="card"><h2>Tổng hợp của cấp ủy cấp trên</h2><p class="muted">Số liệu theo chi bộ, không có tên đảng viên.</p><ul class="links">${scope.committees.map(
        (c) => html`<li><a href="${committeePath(c.id)}">${c.name}</a></li>`,
      )}</ul></section>`
    : ""
}`,
      }),
    );
  };
  app.get("/", handler);
}
