// Flows for calendar and reminders:
//  /lich                 (member)    the cell's next meetings: weekday, date, time, place, kind, theme
//  /lich them <ngày giờ> [địa điểm]  (secretary) add a manual meeting; "/lich them chuyên đề …" for a
//                        thematic one ("quý", "cuối năm" mark a quarterly / year-end meeting)
//  /doilich              (secretary) pick an upcoming meeting, type the new "dd/MM/yyyy HH:mm" [place]
//  /huylich              (secretary) pick an upcoming meeting, confirm
//  /nhac [tat|bat]       (member)    optional reminders (3 days and 2 hours before) off / on; no
//                        argument toggles. The 1-day reminder, nudges and notices are essential.
//  /nhom [tat]           (secretary, sent in the group chat) link / unlink the cell's group chat
// Adding, moving and cancelling go through the meeting use cases: notices are written and queued at
// once (quiet hours from config, the group chat too) and the secretary is told whom they reach; the
// planner moves or removes the reminder jobs on its next run (the processors re-check the meeting).
import type { Flow, FlowContext, FlowResult, FlowState } from "../types.ts";
import type { MeetingKind } from "../../generated/prisma/enums.ts";
import { findUnitMeeting, materializeMeetings, themeForUnit, upcomingMeetings } from "../../db/meetings.ts";
import { addMeeting as addMeetingCase } from "../../usecases/add-meeting.ts";
import { moveMeeting } from "../../usecases/move-meeting.ts";
import { cancelMeeting } from "../../usecases/cancel-meeting.ts";
import { reachLines, useCaseDeps } from "./committee-common.ts";
import { optionalRemindersOff, setOptionalRemindersOff } from "../../db/members.ts";
import { linkGroupChat, unlinkGroupChat } from "../../db/units.ts";
import { audit } from "../../db/audit.ts";
import { inZone, parseDateTime } from "../../domain/dates.ts";
import { fold } from "../../domain/text.ts";
import { calendarMsg, meetingChoiceLabel } from "../../messages/calendar.ts";

const reply = (text: string, next?: FlowState | null): FlowResult => ({ replies: [{ kind: "text", text }], ...(next ? { next } : {}) });

const unitOf = (ctx: FlowContext) => ctx.actor!.member.unit;

/** How many meetings /lich shows. */
const SHOWN = 3;
/** How many meetings /doilich and /huylich offer. */
const OFFERED = 8;

/**
 * "05/12/2026 14:00 Hội trường" → the instant in the zone and the rest as the place. Also "14h
 * 05/12/2026", "05/12/2026 lúc 14:00", "05/12/2026 14 giờ 30 …": the longest leading run of
 * words that is a date and time wins.
 */
export function parseWhenAndPlace(text: string, zone: string): { startsAt: Date; place: string | null } | null {
  const words = text.trim().split(/\s+/).filter(Boolean);
  for (let k = Math.min(words.length, 6); k >= 2; k--) {
    const startsAt = parseDateTime(words.slice(0, k).join(" "), zone);
    if (startsAt) {
      const place = words.slice(k).join(" ").replace(/^(?:tại|tai|ở|o)\s+/i, "").trim();
      return { startsAt, place: place || null };
    }
  }
  return null;
}

const KIND_WORDS: ReadonlyArray<[RegExp, MeetingKind]> = [
  [/^(?:sinh hoat )?chuyen de\b/, "THEMATIC"],
  [/^(?:sinh hoat )?(?:danh gia )?quy\b/, "QUARTERLY"],
  [/^(?:sinh hoat )?(?:cuoi nam|tong ket nam|tong ket)\b/, "YEAR_END"],
  [/^(?:sinh hoat )?dinh ky\b/, "REGULAR"],
];

/** An optional kind word before the date ("chuyên đề 05/12/2026 14:00 …"). */
export function parseKindPrefix(text: string): { kind: MeetingKind; rest: string } {
  const words = text.trim().split(/\s+/).filter(Boolean);
  const folded = fold(text);
  for (const [pattern, kind] of KIND_WORDS) {
    const m = pattern.exec(folded);
    if (m) return { kind, rest: words.slice(m[0].split(" ").length).join(" ") };
  }
  return { kind: "REGULAR", rest: text.trim() };
}

async function addMeeting(ctx: FlowContext, text: string): Promise<FlowResult> {
  const unit = unitOf(ctx);
  const { kind, rest } = parseKindPrefix(text);
  const parsed = parseWhenAndPlace(rest, unit.timeZone);
  if (!parsed) return reply(calendarMsg.addBadTime(), { step: "add", data: {} });
  const result = await addMeetingCase(useCaseDeps(ctx), { unitId: unit.id, startsAt: parsed.startsAt, place: parsed.place, kind, actorId: ctx.actor!.member.id });
  if (result.kind === "refused") return reply(calendarMsg.pastTime(), { step: "add", data: {} });
  return reply(calendarMsg.added(result.meeting, unit.timeZone));
}

async function listUpcoming(ctx: FlowContext, limit: number) {
  const unit = unitOf(ctx);
  // The rule's meetings exist even before the planner's first run.
  await materializeMeetings(ctx.db, { now: ctx.now, unitIds: [unit.id] });
  return upcomingMeetings(ctx.db, unit.id, ctx.now, limit);
}

export const calendarFlow: Flow = {
  name: "calendar",
  access: "member",
  async start(ctx, args) {
    const actor = ctx.actor!;
    const unit = unitOf(ctx);
    const folded = fold(args);
    if (folded === "them" || folded.startsWith("them ")) {
      if (!actor.isSecretary) return reply(calendarMsg.secretaryOnlyAdd());
      const rest = args.trim().split(/\s+/).slice(1).join(" ");
      if (!rest) return reply(calendarMsg.addAsk(), { step: "add", data: {} });
      return addMeeting(ctx, rest);
    }
    const meetings = await listUpcoming(ctx, SHOWN);
    const first = meetings[0];
    const theme = await themeForUnit(ctx.db, unit.id, inZone(first?.startsAt ?? ctx.now, unit.timeZone).year);
    return reply(calendarMsg.upcoming({ unitName: unit.name, meetings, zone: unit.timeZone, theme, isSecretary: actor.isSecretary }));
  },
  async step(ctx, state, input) {
    if (state.step === "add" && ctx.actor!.isSecretary) return addMeeting(ctx, input.text);
    return reply(calendarMsg.secretaryOnlyAdd());
  },
};

/** Offers the upcoming meetings as choices; the chosen index maps to an id kept in the state. */
async function offerMeetings(ctx: FlowContext, question: string): Promise<FlowResult> {
  const zone = unitOf(ctx).timeZone;
  const meetings = await listUpcoming(ctx, OFFERED);
  if (meetings.length === 0) return reply(calendarMsg.noUpcoming());
  return {
    replies: [{ kind: "choices", text: question, choices: meetings.map((m, i) => ({ value: String(i), label: meetingChoiceLabel(m, zone) })) }],
    next: { step: "pick", data: { ids: meetings.map((m) => m.id) } },
  };
}

async function pickedMeeting(ctx: FlowContext, state: FlowState, choice: string | undefined) {
  const ids = (state.data.ids as string[] | undefined) ?? [];
  const id = choice !== undefined ? ids[Number(choice)] : undefined;
  if (!id) return null;
  const meeting = await findUnitMeeting(ctx.db, unitOf(ctx).id, id);
  if (!meeting || !["SCHEDULED", "MOVED"].includes(meeting.status) || meeting.startsAt.getTime() <= ctx.now.getTime()) return "gone" as const;
  return meeting;
}

type PickedMeeting = Exclude<Awaited<ReturnType<typeof pickedMeeting>>, null | "gone">;

/** The "pick" step shared by /doilich and /huylich: ask again, say it is gone, or go on with it. */
async function pickStep(ctx: FlowContext, state: FlowState, choice: string | undefined, then: (meeting: PickedMeeting) => FlowResult): Promise<FlowResult> {
  const meeting = await pickedMeeting(ctx, state, choice);
  if (meeting === null) return reply(calendarMsg.pickAgain(), state);
  if (meeting === "gone") return reply(calendarMsg.gone());
  return then(meeting);
}

export const moveMeetingFlow: Flow = {
  name: "move-meeting",
  access: "secretary",
  async start(ctx) {
    return offerMeetings(ctx, calendarMsg.pickToMove());
  },
  async step(ctx, state, input) {
    const unit = unitOf(ctx);
    const zone = unit.timeZone;
    if (state.step === "pick") {
      return pickStep(ctx, state, input.choice, (meeting) => reply(calendarMsg.askNewTime(meeting, zone), { step: "when", data: { id: meeting.id } }));
    }
    const id = state.data.id as string;
    const parsed = parseWhenAndPlace(input.text, zone);
    if (!parsed) return reply(calendarMsg.addBadTime(), state);
    const result = await moveMeeting(useCaseDeps(ctx), {
      unitId: unit.id,
      meetingId: id,
      startsAt: parsed.startsAt,
      ...(parsed.place !== null ? { place: parsed.place } : {}),
      actorId: ctx.actor!.member.id,
    });
    if (result.kind === "refused") {
      if (result.code === "same") return reply(calendarMsg.sameTime(), state);
      return result.code === "past" ? reply(calendarMsg.pastTime(), state) : reply(calendarMsg.gone());
    }
    return reply(`${calendarMsg.moved({ from: result.previousStartsAt, to: result.meeting, zone })}\n${reachLines(result.report, zone)}`);
  },
};

export const cancelMeetingFlow: Flow = {
  name: "cancel-meeting",
  access: "secretary",
  async start(ctx) {
    return offerMeetings(ctx, calendarMsg.pickToCancel());
  },
  async step(ctx, state, input) {
    const unit = unitOf(ctx);
    const zone = unit.timeZone;
    if (state.step === "pick") {
      return pickStep(ctx, state, input.choice, (meeting) => ({
        replies: [
          {
            kind: "choices",
            text: calendarMsg.confirmCancel(meeting, zone),
            choices: [
              { value: "yes", label: calendarMsg.cancelYes() },
              { value: "no", label: calendarMsg.cancelNo() },
            ],
          },
        ],
        next: { step: "confirm", data: { id: meeting.id } },
      }));
    }
    if (input.choice === "no") return reply(calendarMsg.cancelKept());
    if (input.choice !== "yes") return reply(calendarMsg.pickAgain(), state);
    const result = await cancelMeeting(useCaseDeps(ctx), { unitId: unit.id, meetingId: state.data.id as string, actorId: ctx.actor!.member.id });
    if (result.kind === "refused") return reply(calendarMsg.gone());
    return reply(`${calendarMsg.cancelled(result.meeting, zone)}\n${reachLines(result.report, zone)}`);
  },
};

const OFF_WORDS = ["tat", "off", "tat nhac", "khong", "dung"];
const ON_WORDS = ["bat", "on", "bat nhac", "mo", "co"];

export const remindersFlow: Flow = {
  name: "reminders",
  access: "member",
  async start(ctx, args) {
    const member = ctx.actor!.member;
    const current = { optionalRemindersOff: await optionalRemindersOff(ctx.db, member.id) };
    const a = fold(args);
    const off = OFF_WORDS.includes(a) ? true : ON_WORDS.includes(a) ? false : !current.optionalRemindersOff;
    const changed = off !== current.optionalRemindersOff;
    if (changed) await setOptionalRemindersOff(ctx.db, member.id, off);
    return reply(calendarMsg.remindersStatus({ fullName: member.fullName, off, changed }));
  },
};

export const groupFlow: Flow = {
  name: "group",
  access: "secretary",
  async start(ctx, args) {
    const { event } = ctx;
    const actor = ctx.actor!;
    const unit = unitOf(ctx);
    if (event.chatType !== "group") return reply(calendarMsg.groupOnlyInGroup());
    const a = fold(args);
    if (["tat", "huy", "bo", "off"].includes(a)) {
      const unlinked = await unlinkGroupChat(ctx.db, unit.id, { platform: event.platform, chatId: event.chatId });
      if (!unlinked) return reply(calendarMsg.groupNotLinked());
      await audit(ctx.db, { actorId: actor.member.id, unitId: unit.id, action: "unit.group-unlinked", targetType: "Unit", targetId: unit.id, detail: { platform: event.platform } });
      return reply(calendarMsg.groupUnlinked(unit.name));
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
    return reply(calendarMsg.groupLinked(unit.name));
  },
};

export const calendarFlows: Flow[] = [calendarFlow, moveMeetingFlow, cancelMeetingFlow, remindersFlow, groupFlow];
