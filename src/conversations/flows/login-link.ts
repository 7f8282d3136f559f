// /dangnhap: a chi ủy member gets a one-time dashboard login link in this private chat. The engine
// has already resolved who is talking from the linked identity and ignores the command in groups,
// so the link is never posted where others read it; the decision is requestLoginLink's.
import type { Flow } from "../types.ts";
import { requestLoginLink } from "../../usecases/login-link.ts";
import { dashboardMsg } from "../../messages/dashboard.ts";

export const loginLinkFlow: Flow = {
  name: "login-link",
  access: "member",
  async start(ctx) {
    const member = ctx.actor!.member;
    const result = await requestLoginLink({ db: ctx.db, now: ctx.now }, { memberId: member.id, publicUrl: ctx.services.dashboardUrl, via: "chat" });
    const text = result.kind === "done" ? dashboardMsg.loginLink({ fullName: result.fullName, url: result.url, minutes: result.minutes }) : result.reason;
    return { replies: [{ kind: "text", text }] };
  },
};
