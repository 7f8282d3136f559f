// The frame every cell page is sent in: the signed-in viewer (name and log-out), the cell's tabs,
// an optional way back and, where the page shows one, the ?ok=/?err= notice. Pages give only their
// title, tab and body.
import type { FastifyReply, FastifyRequest } from "fastify";
import type { SafeHtml } from "./html.ts";
import { flashBox, page, type CellNav } from "./layout.ts";
import { query, sendHtml, signed } from "./context.ts";

export interface CellPage {
  title: string;
  active: CellNav["active"];
  body: SafeHtml | SafeHtml[];
  back?: { href: string; label: string };
  /** Show the notice named by ?ok= / ?err= (a fixed text; nothing from the URL is shown). */
  flash?: boolean;
  status?: number;
}

export function sendCellPage(request: FastifyRequest, reply: FastifyReply, cell: { id: string; name: string }, o: CellPage): FastifyReply {
  const { scope, csrfToken } = signed(request);
  const html = page({
    title: o.title,
    viewer: { fullName: scope.member.fullName, csrfToken },
    cell: { id: cell.id, name: cell.name, active: o.active },
    ...(o.back ? { back: o.back } : {}),
    ...(o.flash ? { flash: flashBox(query(request, "ok"), query(request, "err")) } : {}),
    body: o.body,
  });
  return sendHtml(reply, html, o.status ?? 200);
}
