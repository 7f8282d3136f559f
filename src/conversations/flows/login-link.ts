// /dangnhap: a chi ủy member gets a one-time dashboard login link in this private chat. The engine
// has already resolved who is talking from the linked identity and ignores the command in groups,
// so the link is never posted where others read it; the decision is requestLoginLink's.
import { z } from "zod";
import { defineFlow, say } from "../flow.ts";
import { requestLoginLink } from "../../usecases/login-link.ts";
import { dashboardMsg } from "../../messages/dashboard.ts";

export const loginLinkFlow = defineFlow({
  name: "login-link",
  access: "member",
  version: 1,
  // One answer and done: the flow never stores a step.
  data: z.object({}),
  steps: {},
  async start(ctx) {
    const { member } = ctx.actor;
    const result = await requestLoginLink({ db: ctx.db, now: ctx.now }, { memberId: member.id, dashboardUrl: ctx.services.dashboardUrl, via: "chat" });
    const text = result.kind === "done" ? dashboardMsg.loginLink({ fullName: result.fullName, url: result.url, minutes: result.minutes }) : result.reason;
    return { replies: [say(text)] };
  },
});
