// Flows for self-assessment (/danhgia): for the open period (the month; the quarter at quarterly
// meetings; the year at year end) walk through each registered item — progress, an optional
// note, optional evidence (a photo or a line) — then an overall note; at year end also the
// self-rating and the shortcomings to fix next year, with a draft assembled from the year.
// One row per member × period, editable until the meeting that evaluates it starts.
//
// `/danhgia <name>`: the secretary or deputy enters the assessment of a member of their own cell
// (marked enteredById). A plain member who adds a name gets their own assessment, with a note that
// entering for others is for the secretary.
import type { Choice, OutgoingMessage } from "../../channels/types.ts";
import type { Flow, FlowContext, FlowResult, FlowState, Input } from "../types.ts";
import {
  findAssessment,
  findLastMeeting,
  findNextMeeting,
  findRegistration,
  loadYearEndSources,
  saveAssessment,
} from "../../db/assessments.ts";
import { findMembersByName } from "../../db/members.ts";
import { audit } from "../../db/audit.ts";
import {
  PROGRESS_VALUES,
  SELF_RATINGS,
  asksEvidence,
  assessmentWindow,
  isEditable,
  isProgress,
  isSelfRating,
  photoEvidence,
  progressLabel,
  ratingLabel,
  textEvidence,
  type ProgressValue,
  type SelfRatingValue,
} from "../../domain/assessment-rules.ts";
import type { PeriodKind } from "../../domain/periods.ts";
import { maskSensitiveNumbers } from "../../domain/sensitive.ts";
import { yearEndDraft, type DraftCategory } from "../../domain/year-end-draft.ts";
import { isSecretaryRole } from "../../domain/roles.ts";
import { assessLabels, assessMsg, assessmentSummary } from "../../messages/assessment.ts";
import { msg } from "../../messages/common.ts";

interface Answer {
  progress: ProgressValue;
  note: string | null;
  evidence: string | null;
}

interface Prior {
  answers: Record<string, Answer>;
  overallNote: string | null;
  selfRating: SelfRatingValue | null;
  shortcomings: string | null;
  enteredBySecretary: boolean;
}

/** Everything the flow keeps between messages (ids stay here, never in choices). */
interface AssessData {
  memberId: string;
  fullName: string;
  unitId: string;
  zone: string;
  /** The secretary entering for the member, or null. */
  enteredById: string | null;
  period: string;
  kind: PeriodKind;
  year: number;
  label: string;
  deadline: string | null;
  items: Array<{ id: string; category: DraftCategory; text: string }>;
  answers: Record<string, Answer>;
  overallNote: string | null;
  selfRating: SelfRatingValue | null;
  shortcomings: string | null;
  /** What was submitted before (for "keep as it was"). */
  prior: Prior | null;
  /** The item being answered. */
  idx: number;
  /** Editing one part from the review: go back to the review after it. */
  single: boolean;
  /** What "keep" means at the note / evidence steps of the current item. */
  keepNote: string | null;
  keepEvidence: string | null;
  draft: string | null;
}

const NOTE_MAX = 1000;
const LONG_MAX = 4000;

const text = (t: string): OutgoingMessage => ({ kind: "text", text: t });
const choices = (t: string, list: Choice[]): OutgoingMessage => ({ kind: "choices", text: t, choices: list });
const done = (...replies: OutgoingMessage[]): FlowResult => ({ replies });
const at = (step: string, data: AssessData, replies: OutgoingMessage[]): FlowResult => ({
  replies,
  next: { step, data: data as unknown as Record<string, unknown> },
});

function clean(input: string, max: number): string {
  const t = input.trim();
  return t.length > max ? t.slice(0, max) : t;
}

function summary(data: AssessData, enteredBySecretary = data.enteredById !== null): string {
  return assessmentSummary({
    fullName: data.fullName,
    label: data.label,
    items: data.items,
    answers: data.answers,
    overallNote: data.overallNote,
    yearly: data.kind === "YEARLY",
    selfRating: data.selfRating,
    shortcomings: data.shortcomings,
    enteredBySecretary,
  });
}

// ---- questions -------------------------------------------------------------------------------

function askProgress(data: AssessData, prefix: OutgoingMessage[] = []): FlowResult {
  const item = data.items[data.idx]!;
  const previous = data.answers[item.id]?.progress ?? data.prior?.answers[item.id]?.progress ?? null;
  const question = assessMsg.progressQuestion({
    index: data.idx,
    total: data.items.length,
    category: item.category,
    text: item.text,
    label: data.label,
    previous,
  });
  return at("progress", data, [...prefix, choices(question, PROGRESS_VALUES.map((p) => ({ value: p, label: progressLabel(p) })))]);
}

function askNote(data: AssessData, prefix: OutgoingMessage[] = []): FlowResult {
  const list: Choice[] = [{ value: "skip", label: assessLabels.skip }];
  if (data.keepNote) list.push({ value: "keep", label: assessLabels.keep });
  return at("note", data, [...prefix, choices(assessMsg.noteQuestion(data.keepNote), list)]);
}

function askEvidence(data: AssessData, prefix: OutgoingMessage[] = []): FlowResult {
  const list: Choice[] = [{ value: "skip", label: assessLabels.skip }];
  if (data.keepEvidence) list.push({ value: "keep", label: assessLabels.keep });
  return at("evidence", data, [...prefix, choices(assessMsg.evidenceQuestion(data.keepEvidence), list)]);
}

async function askOverall(ctx: FlowContext, data: AssessData, prefix: OutgoingMessage[] = []): Promise<FlowResult> {
  const previous = data.overallNote ?? data.prior?.overallNote ?? null;
  if (data.kind === "YEARLY") {
    const sources = await loadYearEndSources(ctx.db, data.memberId, data.year);
    data.draft = yearEndDraft({ year: data.year, items: data.items, months: sources.months, reviews: sources.reviews });
    const list: Choice[] = [{ value: "draft", label: assessLabels.useDraft }];
    if (previous) list.push({ value: "keep", label: assessLabels.keep });
    return at("overall", data, [...prefix, choices(assessMsg.yearDraft(data.year, data.draft), list)]);
  }
  const list: Choice[] = [{ value: "skip", label: assessLabels.skip }];
  if (previous) list.push({ value: "keep", label: assessLabels.keep });
  return at("overall", data, [...prefix, choices(assessMsg.overallQuestion(data.label, previous), list)]);
}

function askRating(data: AssessData, prefix: OutgoingMessage[] = []): FlowResult {
  return at("rating", data, [...prefix, choices(assessMsg.ratingQuestion(data.year), SELF_RATINGS.map((r) => ({ value: r, label: ratingLabel(r) })))]);
}

function askShortcomings(data: AssessData, prefix: OutgoingMessage[] = []): FlowResult {
  const previous = data.shortcomings ?? data.prior?.shortcomings ?? null;
  const question = assessMsg.shortcomingsQuestion(previous);
  return at("shortcomings", data, [...prefix, previous ? choices(question, [{ value: "keep", label: assessLabels.keep }]) : text(question)]);
}

function askReview(data: AssessData, prefix: OutgoingMessage[] = []): FlowResult {
  const list: Choice[] = [{ value: "submit", label: assessLabels.submit }];
  data.items.forEach((_, i) => list.push({ value: `item:${i}`, label: assessLabels.editItem(i + 1) }));
  list.push({ value: "overall", label: assessLabels.editOverall });
  if (data.kind === "YEARLY") {
    list.push({ value: "rating", label: assessLabels.editRating }, { value: "shortcomings", label: assessLabels.editShortcomings });
  }
  data.single = false;
  return at("review", data, [...prefix, choices(assessMsg.review(summary(data)), list)]);
}

/** After an item's last question: the next item, the overall note, or back to the review. */
async function afterItem(ctx: FlowContext, data: AssessData, prefix: OutgoingMessage[] = []): Promise<FlowResult> {
  data.keepNote = null;
  data.keepEvidence = null;
  if (data.single) return askReview(data, prefix);
  if (data.idx + 1 < data.items.length) {
    data.idx += 1;
    return askProgress(data, prefix);
  }
  return askOverall(ctx, data, prefix);
}

// ---- starting --------------------------------------------------------------------------------

async function begin(ctx: FlowContext, memberId: string, prefix: OutgoingMessage[]): Promise<FlowResult> {
  const actor = ctx.actor!;
  const member = await ctx.db.member.findUnique({ where: { id: memberId }, include: { unit: true } });
  if (!member) return done(...prefix, text(assessMsg.notFound("")));
  const onBehalf = member.id !== actor.member.id;
  if (member.status === "EXEMPT") return done(...prefix, text(assessMsg.exempt(member.fullName, onBehalf)));

  const zone = member.unit.timeZone || ctx.zone;
  const [nextMeeting, lastMeeting] = await Promise.all([
    findNextMeeting(ctx.db, member.unitId, ctx.now),
    findLastMeeting(ctx.db, member.unitId, ctx.now),
  ]);
  const window = assessmentWindow({ now: ctx.now, zone, nextMeeting, lastMeeting });
  const { period } = window;

  const registration = await findRegistration(ctx.db, member.id, period.year);
  const usable = registration && (registration.status === "SUBMITTED" || registration.status === "APPROVED") && registration.items.length > 0;
  if (!registration || !usable) {
    const status = registration?.status === "DRAFT" || registration?.status === "RETURNED" ? registration.status : null;
    return done(...prefix, text(assessMsg.noRegistration({ fullName: member.fullName, year: period.year, status, onBehalf })));
  }

  const existing = await findAssessment(ctx.db, member.id, period.period);
  if (window.closed && !existing && lastMeeting) {
    prefix.push(text(assessMsg.closed({ closedLabel: window.closed.label, meetingAt: lastMeeting.startsAt, zone, openLabel: period.label })));
  }

  const items = registration.items.map((i) => ({ id: i.id, category: i.category as DraftCategory, text: i.text }));
  const data: AssessData = {
    memberId: member.id,
    fullName: member.fullName,
    unitId: member.unitId,
    zone,
    enteredById: onBehalf ? actor.member.id : null,
    period: period.period,
    kind: period.kind,
    year: period.year,
    label: period.label,
    deadline: window.deadline ? window.deadline.toISOString() : null,
    items,
    answers: {},
    overallNote: null,
    selfRating: null,
    shortcomings: null,
    prior: null,
    idx: 0,
    single: false,
    keepNote: null,
    keepEvidence: null,
    draft: null,
  };

  if (existing) {
    const answers: Record<string, Answer> = {};
    for (const row of existing.items) {
      if (items.some((i) => i.id === row.itemId)) answers[row.itemId] = { progress: row.progress, note: row.note, evidence: row.evidence };
    }
    data.prior = {
      answers,
      overallNote: existing.overallNote,
      selfRating: existing.selfRating,
      shortcomings: existing.shortcomingsNextYear,
      enteredBySecretary: existing.enteredById !== null,
    };
    const shown = summary({ ...data, answers, overallNote: existing.overallNote, selfRating: existing.selfRating, shortcomings: existing.shortcomingsNextYear }, existing.enteredById !== null);
    return at("existing", data, [
      ...prefix,
      choices(assessMsg.existing(shown), [
        { value: "edit", label: assessLabels.editParts },
        { value: "redo", label: assessLabels.redo },
        { value: "keep", label: assessLabels.keepAll },
      ]),
    ]);
  }

  const intro = assessMsg.intro({ fullName: member.fullName, label: period.label, count: items.length, deadline: window.deadline, zone, onBehalf });
  return askProgress(data, [...prefix, text(intro)]);
}

async function save(ctx: FlowContext, data: AssessData): Promise<FlowResult> {
  const actor = ctx.actor!;
  // The meeting may have started while the member was answering; and without a meeting the
  // month may have turned. Either way this period is no longer the open one.
  const member = await ctx.db.member.findUnique({ where: { id: data.memberId } });
  if (!member) return done(text(assessMsg.notFound("")));
  const [nextMeeting, lastMeeting] = await Promise.all([
    findNextMeeting(ctx.db, member.unitId, ctx.now),
    findLastMeeting(ctx.db, member.unitId, ctx.now),
  ]);
  const window = assessmentWindow({ now: ctx.now, zone: data.zone, nextMeeting, lastMeeting });
  if (window.period.period !== data.period || !isEditable(ctx.now, window.deadline)) return done(text(assessMsg.closedWhileAnswering(data.label)));
  const deadline = window.deadline;
  if (data.enteredById !== null) {
    // Entering for someone else: still the secretary of the same cell.
    if (!isSecretaryRole(actor.member.role) || member.unitId !== actor.member.unitId || member.status !== "ACTIVE") {
      return done(text(assessMsg.notAllowedAnymore()));
    }
  }

  const existed = (await findAssessment(ctx.db, data.memberId, data.period)) !== null;
  const yearly = data.kind === "YEARLY";
  const id = await saveAssessment(ctx.db, {
    memberId: data.memberId,
    kind: data.kind,
    period: data.period,
    year: data.year,
    overallNote: data.overallNote,
    selfRating: yearly ? data.selfRating : null,
    shortcomingsNextYear: yearly ? data.shortcomings : null,
    enteredById: data.enteredById,
    items: data.items.flatMap((item) => {
      const a = data.answers[item.id];
      return a ? [{ itemId: item.id, progress: a.progress, note: a.note, evidence: a.evidence }] : [];
    }),
    now: ctx.now,
  });
  await audit(ctx.db, {
    actorId: actor.member.id,
    unitId: member.unitId,
    action: data.enteredById ? "assessment.entered_for_member" : "assessment.submitted",
    targetType: "Assessment",
    targetId: id,
    detail: { period: data.period, memberId: data.memberId, updated: existed },
  });
  return done(
    text(assessMsg.saved({ fullName: data.fullName, label: data.label, deadline, zone: data.zone, onBehalf: data.enteredById !== null, updated: existed })),
  );
}

// ---- steps -----------------------------------------------------------------------------------

type StepHandler = (ctx: FlowContext, data: AssessData, input: Input) => Promise<FlowResult>;

const steps: Record<string, StepHandler> = {
  async pick(ctx, data, input) {
    const ids = (data as unknown as { ids?: string[] }).ids ?? [];
    const id = input.choice !== undefined ? ids[Number(input.choice)] : undefined;
    if (!id) return { replies: [text(assessMsg.pickMember())], next: { step: "pick", data: { ids } } };
    const actor = ctx.actor!;
    const member = await ctx.db.member.findFirst({ where: { id, unitId: actor.member.unitId, status: { not: "LEFT" } } });
    if (!member || !actor.isSecretary) return done(text(assessMsg.notFound("")));
    return begin(ctx, member.id, []);
  },

  async existing(ctx, data, input) {
    const prior = data.prior!;
    if (input.choice === "edit") {
      Object.assign(data, {
        answers: { ...prior.answers },
        overallNote: prior.overallNote,
        selfRating: prior.selfRating,
        shortcomings: prior.shortcomings,
      });
      return askReview(data);
    }
    if (input.choice === "redo") {
      data.idx = 0;
      return askProgress(data, [
        text(assessMsg.intro({ fullName: data.fullName, label: data.label, count: data.items.length, deadline: data.deadline ? new Date(data.deadline) : null, zone: data.zone, onBehalf: data.enteredById !== null })),
      ]);
    }
    if (input.choice === "keep") return done(text(assessMsg.kept()));
    return at("existing", data, [text(msg.pickOne(3))]);
  },

  async progress(_ctx, data, input) {
    if (!isProgress(input.choice)) return at("progress", data, [text(assessMsg.pickProgress())]);
    const item = data.items[data.idx]!;
    const old = data.answers[item.id] ?? data.prior?.answers[item.id] ?? null;
    data.keepNote = old?.note ?? null;
    data.keepEvidence = old?.evidence ?? null;
    data.answers[item.id] = { progress: input.choice, note: null, evidence: null };
    return askNote(data);
  },

  async note(ctx, data, input) {
    const item = data.items[data.idx]!;
    const answer = data.answers[item.id]!;
    if (input.image) {
      // A photo here is the evidence: no need to ask for it again.
      answer.evidence = photoEvidence(input.image.ref, input.image.caption && maskSensitiveNumbers(input.image.caption).text);
      return afterItem(ctx, data, [text(assessMsg.photoReceived())]);
    }
    if (input.choice === "skip") answer.note = null;
    else if (input.choice === "keep") answer.note = data.keepNote;
    else if (input.text.trim()) answer.note = clean(input.text, NOTE_MAX);
    else return at("note", data, [text(assessMsg.needText())]);
    return asksEvidence(answer.progress) ? askEvidence(data) : afterItem(ctx, data);
  },

  async evidence(ctx, data, input) {
    const item = data.items[data.idx]!;
    const answer = data.answers[item.id]!;
    if (input.image) {
      answer.evidence = photoEvidence(input.image.ref, input.image.caption && maskSensitiveNumbers(input.image.caption).text);
      return afterItem(ctx, data, [text(assessMsg.photoReceived())]);
    }
    if (input.choice === "skip") answer.evidence = null;
    else if (input.choice === "keep") answer.evidence = data.keepEvidence;
    else if (input.text.trim()) answer.evidence = clean(textEvidence(input.text), NOTE_MAX);
    else return at("evidence", data, [text(assessMsg.needText())]);
    return afterItem(ctx, data);
  },

  async overall(ctx, data, input) {
    const previous = data.overallNote ?? data.prior?.overallNote ?? null;
    if (input.choice === "draft" && data.draft) data.overallNote = data.draft;
    else if (input.choice === "skip" && data.kind !== "YEARLY") data.overallNote = null;
    else if (input.choice === "keep") data.overallNote = previous;
    else if (input.text.trim()) data.overallNote = clean(input.text, LONG_MAX);
    else return at("overall", data, [text(assessMsg.needText())]);
    data.draft = null;
    if (data.single || data.kind !== "YEARLY") return askReview(data);
    return askRating(data);
  },

  async rating(_ctx, data, input) {
    if (!isSelfRating(input.choice)) return at("rating", data, [text(assessMsg.pickRating())]);
    data.selfRating = input.choice;
    if (data.single) return askReview(data);
    return askShortcomings(data);
  },

  async shortcomings(_ctx, data, input) {
    const previous = data.shortcomings ?? data.prior?.shortcomings ?? null;
    if (input.choice === "keep" && previous) data.shortcomings = previous;
    else if (input.text.trim()) data.shortcomings = clean(input.text, LONG_MAX);
    else return at("shortcomings", data, [text(assessMsg.needText())]);
    return askReview(data);
  },

  async review(ctx, data, input) {
    const choice = input.choice;
    if (choice === "submit") {
      // Anything still unanswered (e.g. an item added to the registration since) is asked first.
      const missing = data.items.findIndex((i) => !data.answers[i.id]);
      if (missing >= 0) {
        data.idx = missing;
        data.single = true;
        return askProgress(data);
      }
      if (data.kind === "YEARLY" && !data.overallNote) {
        data.single = true;
        return askOverall(ctx, data);
      }
      if (data.kind === "YEARLY" && !data.selfRating) {
        data.single = true;
        return askRating(data);
      }
      if (data.kind === "YEARLY" && !data.shortcomings) {
        data.single = true;
        return askShortcomings(data);
      }
      return save(ctx, data);
    }
    const item = choice?.startsWith("item:") ? Number(choice.slice(5)) : NaN;
    if (Number.isInteger(item) && item >= 0 && item < data.items.length) {
      data.idx = item;
      data.single = true;
      return askProgress(data);
    }
    if (choice === "overall") {
      data.single = true;
      return askOverall(ctx, data);
    }
    if (choice === "rating" && data.kind === "YEARLY") {
      data.single = true;
      return askRating(data);
    }
    if (choice === "shortcomings" && data.kind === "YEARLY") {
      data.single = true;
      return askShortcomings(data);
    }
    return at("review", data, [text(assessMsg.pickReview())]);
  },
};

export const assessFlow: Flow = {
  name: "assess",
  access: "member",
  async start(ctx, args) {
    const actor = ctx.actor!;
    const name = args.trim();
    if (!name) return begin(ctx, actor.member.id, []);
    const found = (await findMembersByName(ctx.db, name, { unitIds: [actor.member.unitId] })).filter((m) => m.status !== "LEFT");
    if (actor.isSecretary) {
      if (found.length === 0) return done(text(assessMsg.notFound(name)));
      if (found.length === 1) return begin(ctx, found[0]!.id, []);
      return {
        replies: [choices(assessMsg.pickMember(), found.map((m, i) => ({ value: String(i), label: `${m.fullName}${m.position ? ` (${m.position})` : ""}` })))],
        next: { step: "pick", data: { ids: found.map((m) => m.id) } },
      };
    }
    // A plain member (or chi ủy member) naming someone else gets their own assessment.
    const prefix = found.some((m) => m.id !== actor.member.id) ? [text(assessMsg.onlySecretaryForOthers())] : [];
    return begin(ctx, actor.member.id, prefix);
  },
  async step(ctx: FlowContext, state: FlowState, input: Input) {
    const handler = steps[state.step];
    if (!handler) return done(text(msg.helpHint()));
    return handler(ctx, state.data as unknown as AssessData, input);
  },
};

export const assessmentFlows: Flow[] = [assessFlow];
