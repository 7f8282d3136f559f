// /camket [năm]: the member's notebook (sổ tự tu dưỡng) — the registration with its items and
// flags, progress by period (newest first, the last 6), and the chi ủy's comments; without a year,
// next year's registration too once there is one (from November). Read-only.
import { z } from "zod";
import { defineFlow, end, say, type RegisteredFlow } from "../flow.ts";
import { loadNotebook, loadNotebooks, notebookKey, type Notebook, type NotebookRequest } from "../../db/registrations.ts";
import type { FlowContext } from "../types.ts";
import { leadingRegistrationYear, registrationYear } from "../../domain/registration-rules.ts";
import { notebookText } from "../../messages/registration.ts";
import { memberOf } from "./register-common.ts";

/** How many periods and comments the notebook shows. */
export const NOTEBOOK_LIMIT = 6;

export const viewFlow: RegisteredFlow = defineFlow({
  name: "view",
  access: "member",
  version: 1,
  data: z.object({}),
  ahead: {
    plan(ctx, args) {
      const request = notebookRequest(ctx, memberOf(ctx).id, args);
      return { key: notebookKey(request), request };
    },
    load: (db, requests) => loadNotebooks(db, requests as NotebookRequest[]),
  },
  async start(ctx, args) {
    const member = memberOf(ctx);
    const request = notebookRequest(ctx, member.id, args);
    const { year, withNextYear } = request;
    const current = registrationYear(ctx.now, ctx.zone);
    const book =
      (ctx.ahead?.get(notebookKey(request)) as Notebook | undefined) ?? (await loadNotebook(ctx.db, member.id, year, NOTEBOOK_LIMIT, { withNextYear }));
    // From November /dangky opens next year's first: this year's is then named as "/dangky <year>".
    const leading = leadingRegistrationYear(ctx.now, ctx.zone);
    const text = notebookText({
      fullName: member.fullName,
      year,
      zone: ctx.zone,
      registration: book.registration,
      assessments: book.assessments.map((a) => ({
        period: a.period,
        selfRating: a.selfRating,
        overallNote: a.overallNote,
        items: a.items.map((i) => ({ position: i.item.position, progress: i.progress })),
      })),
      reviews: book.reviews.map((r) => ({ at: r.createdAt, author: r.author.fullName, text: r.text, period: r.assessment?.period ?? null })),
      next: book.next ? { year: current + 1, registration: book.next } : null,
      ...(withNextYear && leading !== year ? { leading } : {}),
    });
    return end(say(text));
  },
  steps: {},
});

/** The notebook /camket [năm] shows: the year asked for (this year's when none, or one out of range). */
function notebookRequest(ctx: Pick<FlowContext, "now" | "zone">, memberId: string, args: string): NotebookRequest {
  const current = registrationYear(ctx.now, ctx.zone);
  const asked = /^\d{4}$/.exec(args.trim()) ? Number(args.trim()) : current;
  const year = asked >= 2000 && asked <= current + 1 ? asked : current;
  // Without a year asked for, this year's notebook and, once there is one, next year's registration.
  return { memberId, year, limit: NOTEBOOK_LIMIT, withNextYear: year === current && args.trim() === "" };
}
