// Flows for calendar and reminders:
//  /lich                 (member)    the cell's next meetings: weekday, date, time, place, kind, theme
//  /lich them <ngày giờ> [địa điểm]  (secretary) add a manual meeting; "/lich them chuyên đề …" for a
//                        thematic one ("quý", "cuối năm" mark a quarterly / year-end meeting); a
//                        second monthly meeting in one month is added only after a "yes"
//  /doilich              (secretary) pick an upcoming meeting, type the new "dd/MM/yyyy HH:mm" [place],
//                        then the reason, which goes into the notice
//  /huylich              (secretary) pick an upcoming meeting, confirm
//  /nhac [tat|bat]       (member)    optional reminders (3 days and 2 hours before) off / on; turning
//                        them off is explained and asked first. The 1-day reminder, nudges and
//                        notices are essential.
//  /nhom [tat]           (secretary, sent in the group chat) link / unlink the cell's group chat
// Adding, moving and cancelling go through the meeting use cases: notices are written and queued at
// once (quiet hours from config, the group chat too) and the secretary is told whom they reach; the
// planner moves or removes the reminder jobs on its next run (the processors re-check the meeting).
import { z } from "zod";
import { REMINDERS_OFF_WORDS, REMINDERS_ON_WORDS } from "../commands.ts";
import { defineFlow, end, askAgain, say, type MemberContext, type Outcome } from "../flow.ts";
import type { Input } from "../types.ts";
import type { MeetingKind } from "../../domain/vocabulary.ts";
import { MEETING_KINDS } from "../../domain/vocabulary.ts";
import { findUnitMeeting, themeForUnit, upcomingMeetings, UPCOMING_STATUSES } from "../../db/meetings.ts";
import { planRuleMeetings } from "../../usecases/plan-rule-meetings.ts";
import { addMeeting as addMeetingCase } from "../../usecases/add-meeting.ts";
import { checkMove, moveMeeting } from "../../usecases/move-meeting.ts";
import { cancelMeeting } from "../../usecases/cancel-meeting.ts";
import { reachLines, readText, useCaseDeps } from "./committee-common.ts";
import { optionalRemindersOff, setOptionalRemindersOff } from "../../db/members.ts";
import { linkGroupChat, unlinkGroupChat } from "../../db/units.ts";
import { audit } from "../../db/audit.ts";
import { inZone, readDateTime } from "../../domain/dates.ts";
import { fold } from "../../domain/text.ts";
import { calendarMsg, meetingChoiceLabel } from "../../messages/calendar.ts";
import { pickedId } from "../choices.ts";

const yesNo = (question: string, yes: string, no: string) => ({
  kind: "choices" as const,
  text: question,
  choices: [
    { value: "yes", label: yes },
    { value: "no", label: no },
  ],
});

const unitOf = (ctx: MemberContext) => ctx.actor.member.unit;

/** How many meetings /lich shows. */
const SHOWN = 3;
/** How many meetings /doilich and /huylich offer. */
const OFFERED = 8;

/**
 * "05/12/2026 14:00 Hội trường" → the instant in the zone and the rest as the place. Also "14h
 * 05/12/2026", "05/12/2026 lúc 14:00", "05/12/2026 14 giờ 30 …", and "20/12 19h30" (no year: the
 * next 20/12 from now): the longest leading run of words that is a date and time wins. A run read
 * as a date that is not on the calendar (31/02/2027) is told apart from text that is not a date.
 */
export function parseWhenAndPlace(
  input: string,
  zone: string,
  now: Date,
): { kind: "ok"; startsAt: Date; place: string | null } | { kind: "no-such-date"; text: string } | { kind: "unreadable" } {
  const words = input.trim().split(/\s+/).filter(Boolean);
  let missing: { kind: "no-such-date"; text: string } | null = null;
  for (let k = Math.min(words.length, 6); k >= 2; k--) {
    const reading = readDateTime(words.slice(0, k).join(" "), zone, now);
    if (reading.kind === "no-such-date") missing ??= reading;
    if (reading.kind === "ok") {
      const place = words
        .slice(k)
        .join(" ")
        .replace(/^(?:tại|tai|ở|o)\s+/i, "")
        .trim();
      return { kind: "ok", startsAt: reading.at, place: place || null };
    }
  }
  return missing ?? { kind: "unreadable" };
}

/** The answer to a date and time that could not be used. */
const whenProblem = (parsed: { kind: "no-such-date"; text: string } | { kind: "unreadable" }) =>
  parsed.kind === "no-such-date" ? calendarMsg.noSuchDate(parsed.text) : calendarMsg.addBadTime();

const KIND_WORDS: ReadonlyArray<[RegExp, MeetingKind]> = [
  [/^(?:sinh hoat )?chuyen de\b/, "THEMATIC"],
  [/^(?:sinh hoat )?(?:danh gia )?quy\b/, "QUARTERLY"],
  [/^(?:sinh hoat )?(?:cuoi nam|tong ket nam|tong ket)\b/, "YEAR_END"],
  [/^(?:sinh hoat )?dinh ky\b/, "REGULAR"],
];

/** An optional kind word before the date ("chuyên đề 05/12/2026 14:00 …"). */
export function parseKindPrefix(input: string): { kind: MeetingKind; rest: string } {
  const words = input.trim().split(/\s+/).filter(Boolean);
  const folded = fold(input);
  for (const [pattern, kind] of KIND_WORDS) {
    const m = pattern.exec(folded);
    if (m) return { kind, rest: words.slice(m[0].split(" ").length).join(" ") };
  }
  return { kind: "REGULAR", rest: input.trim() };
}

// ---- /lich ----

const pendingMeeting = z.object({ startsAt: z.iso.datetime(), place: z.string().nullable(), kind: z.enum(MEETING_KINDS) });
const calendarData = z.object({ pending: pendingMeeting.optional() });
type CalendarData = z.infer<typeof calendarData>;
type CalendarOutcome = Outcome<"add" | "confirmSecond", CalendarData>;

async function addMeeting(ctx: MemberContext, typed: string, confirmed = false, pending?: CalendarData["pending"]): Promise<CalendarOutcome> {
  const unit = unitOf(ctx);
  let meeting = pending ? { startsAt: new Date(pending.startsAt), place: pending.place, kind: pending.kind } : undefined;
  if (!meeting) {
    const { kind, rest } = parseKindPrefix(typed);
    const parsed = parseWhenAndPlace(rest, unit.timeZone, ctx.now);
    if (parsed.kind !== "ok") return { replies: [say(whenProblem(parsed))], next: { step: "add", data: {} } };
    meeting = { startsAt: parsed.startsAt, place: parsed.place, kind };
  }
  const result = await addMeetingCase(useCaseDeps(ctx), {
    unitId: unit.id,
    ...meeting,
    actorId: ctx.actor.member.id,
    secondInMonth: { zone: unit.timeZone, confirmed },
  });
  if (result.kind === "done") return end(say(calendarMsg.added(result.meeting, unit.timeZone)));
  if (result.code === "past") return { replies: [say(calendarMsg.pastTime())], next: { step: "add", data: {} } };
  return {
    replies: [
      yesNo(calendarMsg.secondInMonth({ existing: result.existing, adding: meeting, zone: unit.timeZone }), calendarMsg.secondYes(), calendarMsg.secondNo()),
    ],
    next: { step: "confirmSecond", data: { pending: { startsAt: meeting.startsAt.toISOString(), place: meeting.place, kind: meeting.kind } } },
  };
}

async function listUpcoming(ctx: MemberContext, limit: number) {
  const unit = unitOf(ctx);
  // The rule's meetings exist even before the planner's first run.
  await planRuleMeetings({ db: ctx.db, now: ctx.now }, { unitIds: [unit.id] });
  return upcomingMeetings(ctx.db, unit.id, ctx.now, limit);
}

export const calendarFlow = defineFlow({
  name: "calendar",
  access: "member",
  version: 1,
  data: calendarData,
  // Stopped at "a second meeting this month?": the meeting is not added.
  stop: (_ctx, data) => Promise.resolve(data.pending ? calendarMsg.notAdded() : null),
  async start(ctx, args) {
    const actor = ctx.actor;
    const unit = unitOf(ctx);
    const folded = fold(args);
    if (folded === "them" || folded.startsWith("them ")) {
      if (!actor.isSecretary) return end(say(calendarMsg.secretaryOnlyAdd()));
      const rest = args.trim().split(/\s+/).slice(1).join(" ");
      if (!rest) return { replies: [say(calendarMsg.addAsk())], next: { step: "add", data: {} } };
      return addMeeting(ctx, rest);
    }
    const meetings = await listUpcoming(ctx, SHOWN);
    const first = meetings[0];
    const theme = await themeForUnit(ctx.db, unit.id, inZone(first?.startsAt ?? ctx.now, unit.timeZone).year);
    return end(say(calendarMsg.upcoming({ unitName: unit.name, meetings, zone: unit.timeZone, theme, isSecretary: actor.isSecretary })));
  },
  steps: {
    add: async (ctx, _data, input) => (ctx.actor.isSecretary ? addMeeting(ctx, input.text) : end(say(calendarMsg.secretaryOnlyAdd()))),
    async confirmSecond(ctx, data, input) {
      if (!ctx.actor.isSecretary || !data.pending) return end(say(calendarMsg.secretaryOnlyAdd()));
      if (input.choice === "no") return end(say(calendarMsg.secondDropped()));
      if (input.choice !== "yes") return askAgain("confirmSecond", data, calendarMsg.yesOrNo());
      return addMeeting(ctx, "", true, data.pending);
    },
  },
});

// ---- /doilich and /huylich ----

const ids = z.array(z.string());

/** Offers the upcoming meetings as choices; the chosen index maps to an id kept in the data. */
async function offerMeetings(ctx: MemberContext, question: string): Promise<Outcome<"pick", { ids: string[] }>> {
  const zone = unitOf(ctx).timeZone;
  const meetings = await listUpcoming(ctx, OFFERED);
  if (meetings.length === 0) return end(say(calendarMsg.noUpcoming()));
  return {
    replies: [{ kind: "choices", text: question, choices: meetings.map((m, i) => ({ value: String(i), label: meetingChoiceLabel(m, zone) })) }],
    next: { step: "pick", data: { ids: meetings.map((m) => m.id) } },
  };
}

type Picked = NonNullable<Awaited<ReturnType<typeof findUnitMeeting>>>;

/** The "pick" step shared by /doilich and /huylich: ask again, say it is gone, or go on with it. */
async function pickStep<S extends string, D extends { ids: string[] }>(
  ctx: MemberContext,
  data: Readonly<D>,
  input: Input,
  then: (meeting: Picked) => Outcome<S, D>,
): Promise<Outcome<S | "pick", D>> {
  const meeting = await pickedMeeting(ctx, data.ids, input);
  if (meeting === null) return { replies: [say(calendarMsg.pickAgain())], next: { step: "pick", data: { ...data } } };
  if (meeting === "gone") return end(say(calendarMsg.gone()));
  return then(meeting);
}

/** The meeting picked among the offered ones: null (ask again), "gone" (changed meanwhile), or it. */
async function pickedMeeting(ctx: MemberContext, offered: readonly string[], input: Input) {
  const id = pickedId(offered, input.choice);
  if (!id) return null;
  const meeting = await findUnitMeeting(ctx.db, unitOf(ctx).id, id);
  if (!meeting || !(UPCOMING_STATUSES as readonly string[]).includes(meeting.status) || meeting.startsAt.getTime() <= ctx.now.getTime()) return "gone" as const;
  return meeting;
}

const moveData = z.object({
  ids: ids.default([]),
  id: z.string().optional(),
  to: z.object({ startsAt: z.iso.datetime(), place: z.string().nullable() }).optional(),
});
type MoveData = z.infer<typeof moveData>;
type MoveOutcome = Outcome<"pick" | "when" | "reason", MoveData>;

async function finishMove(ctx: MemberContext, id: string, to: NonNullable<MoveData["to"]>, reason: string | null): Promise<MoveOutcome> {
  const unit = unitOf(ctx);
  const zone = unit.timeZone;
  const result = await moveMeeting(useCaseDeps(ctx), {
    unitId: unit.id,
    meetingId: id,
    startsAt: new Date(to.startsAt),
    ...(to.place !== null ? { place: to.place } : {}),
    actorId: ctx.actor.member.id,
    reason,
  });
  if (result.kind === "refused") {
    if (result.code === "same") return { replies: [say(calendarMsg.sameTime())], next: { step: "when", data: { ids: [], id } } };
    if (result.code === "past") return { replies: [say(calendarMsg.pastTime())], next: { step: "when", data: { ids: [], id } } };
    return end(say(calendarMsg.gone()));
  }
  return end(say(`${calendarMsg.moved({ from: result.previousStartsAt, to: result.meeting, zone })}\n${reachLines(result.report, zone)}`));
}

export const moveMeetingFlow = defineFlow({
  name: "move-meeting",
  access: "secretary",
  version: 1,
  data: moveData,
  // Stopped at the reason, the new time given: the meeting is not moved.
  stop: (_ctx, data) => Promise.resolve(data.to ? calendarMsg.notMoved() : null),
  start: (ctx): Promise<MoveOutcome> => offerMeetings(ctx, calendarMsg.pickToMove()),
  steps: {
    pick: (ctx, data, input) =>
      pickStep(ctx, data, input, (meeting) => ({
        replies: [say(calendarMsg.askNewTime(meeting, unitOf(ctx).timeZone))],
        next: { step: "when", data: { ids: [], id: meeting.id } },
      })),
    async when(ctx, data, input) {
      const unit = unitOf(ctx);
      const parsed = parseWhenAndPlace(input.text, unit.timeZone, ctx.now);
      if (!data.id) return end(say(calendarMsg.gone()));
      if (parsed.kind !== "ok") return { replies: [say(whenProblem(parsed))], next: { step: "when", data } };
      const checked = await checkMove(useCaseDeps(ctx), {
        unitId: unit.id,
        meetingId: data.id,
        startsAt: parsed.startsAt,
        ...(parsed.place !== null ? { place: parsed.place } : {}),
      });
      if (checked.kind === "refused") {
        if (checked.code === "same") return { replies: [say(calendarMsg.sameTime())], next: { step: "when", data } };
        if (checked.code === "past") return { replies: [say(calendarMsg.pastTime())], next: { step: "when", data } };
        return end(say(calendarMsg.gone()));
      }
      const to = { startsAt: parsed.startsAt.toISOString(), place: parsed.place };
      return {
        replies: [
          {
            kind: "choices",
            text: calendarMsg.askMoveReason({ from: checked.meeting.startsAt, to: parsed.startsAt, zone: unit.timeZone }),
            choices: [{ value: "none", label: calendarMsg.noReason() }],
          },
        ],
        next: { step: "reason", data: { ...data, to } },
      };
    },
    async reason(ctx, data, input) {
      if (!data.id || !data.to) return end(say(calendarMsg.gone()));
      if (input.choice === "none") return finishMove(ctx, data.id, data.to, null);
      const reason = readText(input.text, 300);
      if (!reason.ok) return { replies: [say(calendarMsg.askReasonAgain())], next: { step: "reason", data } };
      return finishMove(ctx, data.id, data.to, reason.text);
    },
  },
});

const cancelData = z.object({ ids: ids.default([]), id: z.string().optional() });
type CancelOutcome = Outcome<"pick" | "confirm", z.infer<typeof cancelData>>;

export const cancelMeetingFlow = defineFlow({
  name: "cancel-meeting",
  access: "secretary",
  version: 1,
  data: cancelData,
  // Stopped at "Hủy buổi …?": the meeting is not cancelled.
  stop: (_ctx, data) => Promise.resolve(data.id ? calendarMsg.notCancelled() : null),
  start: (ctx): Promise<CancelOutcome> => offerMeetings(ctx, calendarMsg.pickToCancel()),
  steps: {
    pick: (ctx, data, input) =>
      pickStep(ctx, data, input, (meeting) => ({
        replies: [yesNo(calendarMsg.confirmCancel(meeting, unitOf(ctx).timeZone), calendarMsg.cancelYes(), calendarMsg.cancelNo())],
        next: { step: "confirm", data: { ids: [], id: meeting.id } },
      })),
    async confirm(ctx, data, input) {
      const unit = unitOf(ctx);
      if (input.choice === "no") return end(say(calendarMsg.cancelKept()));
      if (input.choice !== "yes" || !data.id) return askAgain("confirm", data, calendarMsg.yesOrNo());
      const result = await cancelMeeting(useCaseDeps(ctx), { unitId: unit.id, meetingId: data.id, actorId: ctx.actor.member.id });
      if (result.kind === "refused") return end(say(calendarMsg.gone()));
      return end(say(`${calendarMsg.cancelled(result.meeting, unit.timeZone)}\n${reachLines(result.report, unit.timeZone)}`));
    },
  },
});

// ---- /nhac ----

export const remindersFlow = defineFlow({
  name: "reminders",
  access: "member",
  version: 1,
  data: z.object({}),
  async start(ctx, args) {
    const member = ctx.actor.member;
    const isOff = await optionalRemindersOff(ctx.db, member.id);
    const a = fold(args);
    const wantsOff = REMINDERS_OFF_WORDS.includes(a) ? true : REMINDERS_ON_WORDS.includes(a) ? false : !isOff;
    if (wantsOff === isOff) return end(say(calendarMsg.remindersStatus({ fullName: member.fullName, off: isOff, changed: false })));
    if (!wantsOff) {
      await setOptionalRemindersOff(ctx.db, member.id, false);
      return end(say(calendarMsg.remindersStatus({ fullName: member.fullName, off: false, changed: true })));
    }
    // Turning off is explained first: what stops, what always comes, and a plain yes or no.
    return {
      replies: [yesNo(calendarMsg.remindersAskOff(member.fullName), calendarMsg.remindersOffYes(), calendarMsg.remindersKeep())],
      next: { step: "confirmOff", data: {} },
    };
  },
  steps: {
    async confirmOff(ctx, data, input) {
      const member = ctx.actor.member;
      if (input.choice === "no") return end(say(calendarMsg.remindersKept()));
      if (input.choice !== "yes") return askAgain("confirmOff", data, calendarMsg.yesOrNo());
      await setOptionalRemindersOff(ctx.db, member.id, true);
      return end(say(calendarMsg.remindersStatus({ fullName: member.fullName, off: true, changed: true })));
    },
  },
});

// ---- /nhom ----

export const groupFlow = defineFlow({
  name: "group",
  access: "secretary",
  version: 1,
  data: z.object({}),
  async start(ctx, args) {
    const { event } = ctx;
    const actor = ctx.actor;
    const unit = unitOf(ctx);
    if (event.chatType !== "group") return end(say(calendarMsg.groupOnlyInGroup()));
    const a = fold(args);
    if (["tat", "huy", "bo", "off"].includes(a)) {
      const unlinked = await unlinkGroupChat(ctx.db, unit.id, { platform: event.platform, chatId: event.chatId });
      if (!unlinked) return end(say(calendarMsg.groupNotLinked()));
      await audit(ctx.db, {
        actorId: actor.member.id,
        unitId: unit.id,
        action: "unit.group-unlinked",
        targetType: "Unit",
        targetId: unit.id,
        detail: { platform: event.platform },
      });
      return end(say(calendarMsg.groupUnlinked(unit.name)));
    }
    await linkGroupChat(ctx.db, unit.id, { platform: event.platform, chatId: event.chatId });
    await audit(ctx.db, {
      actorId: actor.member.id,
      unitId: unit.id,
      action: "unit.group-linked",
      targetType: "Unit",
      targetId: unit.id,
      detail: { platform: event.platform, chatId: event.chatId },
    });
    return end(say(calendarMsg.groupLinked(unit.name)));
  },
  steps: {},
});

export const calendarFlows = [calendarFlow, moveMeetingFlow, cancelMeetingFlow, remindersFlow, groupFlow];
