// /dangky (a member's registration, or the cell's with "chibo", or a member's entered by the
// secretary with a name) and /camket. One typed flow: the item-entry steps (items → measure →
// time → coach) are shared by a member's and the cell's items; the rest are the member's review
// and edit steps and the cell's list. See register-member.ts, register-entry.ts,
// register-collective.ts and register-behalf.ts.
import { defineFlow, say, type MemberContext, type RegisteredFlow } from "../flow.ts";
import type { Input } from "../types.ts";
import { regMsg } from "../../messages/registration.ts";
import { regData, reask, typed, done, type EntryState, type RegData, type RegOutcome } from "./register-common.ts";
import { entrySteps, notAnAnswer, roomLeft, stillWaiting, takeItems, type EntryHost } from "./register-entry.ts";
import { contentsStep, dropStep, isStepwiseAnswer, keepAccepted, memberHost, memberStart, menuStep, stepwiseEntry, yearStep } from "./register-member.ts";
import { editContentsStep, fieldStep, pickStep, shortStep } from "./register-edit.ts";
import {
  cellHost,
  collectiveDeleteStep,
  collectiveMenuStep,
  collectivePickStep,
  collectiveRefusal,
  collectiveStart,
  isCollectiveArgs,
  keepCollective,
} from "./register-collective.ts";
import { behalfStart, forSubject, markBySecretary, subjectContext, subjectStep } from "./register-behalf.ts";
import { viewFlow } from "./register-view.ts";
import { registrationYear, yearNamed } from "../../domain/registration-rules.ts";
import { isLater, isSkip } from "../choices.ts";

type Handler = (ctx: MemberContext, data: Readonly<RegData>, input: Input) => Promise<RegOutcome>;

const hostOf = (kind: EntryState["kind"]): EntryHost => (kind === "cell" ? cellHost : memberHost);

/** The cell's steps re-check at every answer that the actor is still the secretary or deputy. */
const guarded = (handler: Handler): Handler =>
  forSubject(async (ctx, data, input) => {
    const refused = data.entry?.kind === "cell" ? collectiveRefusal(ctx) : null;
    return refused ? done(say(refused)) : handler(ctx, data, input);
  });

const cellOnly =
  (handler: Handler): Handler =>
  async (ctx, data, input) => {
    const refused = collectiveRefusal(ctx);
    return refused ? done(say(refused)) : handler(ctx, data, input);
  };

async function itemsStep(ctx: MemberContext, data: Readonly<RegData>, input: Input): Promise<RegOutcome> {
  const entry = data.entry;
  if (!entry) return memberStart(ctx, "");
  const host = hostOf(entry.kind);
  // "stepwise": the intro's menu, in a conversation stored before the menu went.
  if (input.choice === "stepwise") return stepwiseEntry(ctx, data, entry);
  if (input.choice === "done") return host.finish(ctx, data, entry, []);
  const text = typed(input.text);
  if (!text) return reask("items", { ...data }, regMsg.needText());
  // "từng bước", or the old menu's answer typed from habit: step by step, never saved as an item.
  if (entry.kind === "member" && entry.items.length === 0 && isStepwiseAnswer(text)) return stepwiseEntry(ctx, data, entry);
  // "để sau" where the next item is asked step by step: the items entered are kept for later (the
  // cell's saved, as "Xong" saves them); "không có", "giữ nguyên": no more items, as "Xong". Typed,
  // either was the next item ("Việc 2: de sau").
  if (entry.stepwise && entry.items.length > 0 && entry.cursor >= entry.items.length) {
    if (isLater(text)) return (host.later ?? host.finish)(ctx, data, entry, []);
    if (isSkip(text)) return host.finish(ctx, data, entry, []);
  }
  // "ok", "dang ky", "khi nào họp?": nothing is saved, and the member hears what is awaited.
  const aside = notAnAnswer(ctx, text);
  if (aside) return stillWaiting("items", { ...data }, aside, regMsg.waitingForItems(entry.kind === "cell"));
  if (roomLeft(entry) <= 0) return host.finish(ctx, data, entry, []);
  return takeItems(ctx, data, entry, text, host);
}

const entry = entrySteps(hostOf);
const own = (ctx: MemberContext) => memberStart(ctx, "");
/** The member a secretary enters a registration for. */
const behalf = (subject: MemberContext) => memberStart(subject, "", true);

export const registerFlow: RegisteredFlow = defineFlow({
  name: "register",
  access: "member",
  version: 1,
  data: regData,
  // Items are saved when their entry is finished; until then they live in this conversation, and
  // stopping saves what is settled (keepAccepted, keepCollective: the items already accepted, a
  // saved item's change) and drops the rest. At the menu everything is saved, but a draft is not
  // sent: stopping there sends nothing, and a member who stops at "Bot hiểu đúng chưa?" must not
  // think it went to the chi ủy.
  async stop(ctx, data, onBehalf, restarting) {
    const fresh = data.entry?.items.filter((i) => i.itemId === undefined).length ?? 0;
    const again = data.entry?.kind === "cell" ? "/dangky chibo" : onBehalf ? "/dangky <họ tên>" : "/dangky";
    // /dangky typed again shows the unsent draft at once: no reminder of it above.
    const unsent = () => (data.unsent && !restarting ? regMsg.stoppedUnsent({ returned: data.unsent === "RETURNED", again }) : null);
    if (data.pasted === undefined && (data.entry?.items.length ?? 0) === 0) return unsent();
    let kept: string | null;
    if (data.entry?.kind === "cell") kept = await keepCollective(ctx, data, again);
    else {
      const subject = await subjectContext(ctx);
      kept = "ctx" in subject ? await keepAccepted(subject.ctx, data, again) : null;
      if (kept !== null) await markBySecretary(ctx, data.year);
    }
    if (kept !== null) return kept;
    // An item opened for a change and left as it was: nothing was lost.
    if (data.pasted === undefined && fresh === 0) return unsent();
    return regMsg.notKept({ count: data.pasted === undefined ? fresh : null, saved: data.entry?.base ?? 0, again });
  },
  async start(ctx, args) {
    if (isCollectiveArgs(args)) return collectiveStart(ctx);
    const name = args.trim();
    // "dang ky nam nay", "đăng ký năm 2026": the year, as "/dangky 2026" opens it, never a member's name.
    const year = yearNamed(name, registrationYear(ctx.now, ctx.zone));
    if (year !== null) return memberStart(ctx, String(year));
    if (!name) return memberStart(ctx, "");
    return behalfStart(ctx, name, own, behalf);
  },
  steps: {
    year: forSubject(yearStep),
    items: guarded(itemsStep),
    measure: guarded(entry.measure),
    time: guarded(entry.time),
    coach: guarded(entry.coach),
    retext: guarded(entry.retext),
    contents: forSubject(contentsStep),
    menu: forSubject(menuStep),
    pick: forSubject(pickStep),
    field: forSubject(fieldStep),
    editContents: forSubject(editContentsStep),
    short: forSubject(shortStep),
    drop: forSubject(dropStep),
    cmenu: cellOnly(collectiveMenuStep),
    cpick: cellOnly(collectivePickStep),
    cdelpick: cellOnly(collectiveDeleteStep),
    subject: subjectStep(behalf),
  },
});

export const registrationFlows: RegisteredFlow[] = [registerFlow, viewFlow];
