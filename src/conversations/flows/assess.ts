// Self-assessment (/danhgia): for the open period (the month; the quarter at quarterly meetings;
// the year at year end) the member reports on each registered item. The month is one tap when all
// is on track (assess-monthly.ts); quarters and the year take the fuller walk (assess-full.ts, with
// the year-end draft in assess-year-end.ts). Answers are kept as a draft after every step, so
// leaving in the middle loses nothing and /danhgia resumes. One row per member × period, editable
// until the meeting that evaluates it starts.
//
// `/danhgia <name>`: the secretary or deputy enters the assessment of a member of their own cell
// (the engine's subject; marked enteredById). A plain member who adds a name gets their own
// assessment, with a note that entering for others is for the secretary.
import type { OutgoingMessage } from "../../channels/types.ts";
import { defineFlow, askAgain, say, type RegisteredFlow } from "../flow.ts";
import { cellMember, cellMembersByName } from "../../db/reach.ts";
import { emptyAnswers } from "../../domain/assessment-rules.ts";
import { openAssessment } from "../../usecases/open-assessment.ts";
import { assessLabels, assessMsg } from "../../messages/assessment.ts";
import { msg } from "../../messages/common.ts";
import { assessData, assessing, at, choices, done, isOnBehalf, keepsDraft, type AssessState, type Ctx, type Out } from "./assess-data.ts";
import { askProgress, askReview, fullSteps, summary } from "./assess-full.ts";
import { askMonth, monthSteps } from "./assess-monthly.ts";
import { yearSteps } from "./assess-year-end.ts";
import { onTrackFlow } from "./assess-tap.ts";
import { memberChoices, pickedId } from "../choices.ts";

function intro(ctx: Ctx, s: AssessState): OutgoingMessage {
  const deadline = s.deadline ? new Date(s.deadline) : null;
  return say(assessMsg.intro({ fullName: s.fullName, label: s.label, count: s.items.length, deadline, zone: s.zone, onBehalf: isOnBehalf(ctx) }));
}

/** The first question of a fresh round: the month overview, or the first item of the fuller walk. */
function firstQuestion(ctx: Ctx, s: AssessState, prefix: OutgoingMessage[]): Out {
  return s.periodKind === "MONTHLY" ? askMonth(ctx, s, prefix) : askProgress(s, [...prefix, intro(ctx, s)]);
}

/** Opens the assessment of `memberId` (the actor's own, or as the subject of a secretary's conversation). */
async function begin(actorCtx: Ctx, memberId: string, prefix: OutgoingMessage[]): Promise<Out> {
  const onBehalf = memberId !== actorCtx.actor.member.id;
  // From here on the member acted for is the conversation's subject, as on every later message.
  const ctx: Ctx = onBehalf ? { ...actorCtx, subjectId: memberId } : actorCtx;
  const opened = await openAssessment({ db: ctx.db, now: ctx.now }, { memberId, onBehalf, zone: ctx.zone });
  if (opened.kind === "refused") return done(...prefix, say(opened.reason));
  const out: OutgoingMessage[] = [...prefix];
  if (opened.closedNotice) out.push(say(opened.closedNotice));
  if (opened.notApproved) out.push(say(assessMsg.notApproved({ year: opened.period.year, onBehalf, fullName: opened.member.fullName })));

  const s: AssessState = {
    kind: "assess",
    fullName: opened.member.fullName,
    zone: opened.zone,
    period: opened.period.period,
    periodKind: opened.period.kind,
    year: opened.period.year,
    label: opened.period.label,
    deadline: opened.deadline ? opened.deadline.toISOString() : null,
    items: opened.items,
    given: opened.draft?.answers ?? emptyAnswers(),
    prior: opened.submitted,
    idx: 0,
    single: false,
    keepNote: null,
    keepEvidence: null,
    marked: null,
    sections: null,
    section: null,
    draftParts: null,
    typedNote: null,
  };
  const withSubject = (o: Out): Out => (onBehalf ? { ...o, subjectId: memberId } : o);

  if (opened.draft) {
    out.push(say(assessMsg.resumed({ label: s.label, savedAt: opened.draft.savedAt, zone: s.zone })));
    if (s.periodKind === "MONTHLY") return withSubject(askMonth(ctx, s, out));
    const missing = s.items.findIndex((i) => !s.given.answers[i.id]);
    return withSubject(missing >= 0 ? askProgress({ ...s, idx: missing }, out) : askReview(ctx, s, out));
  }
  if (opened.submitted) {
    const shown = summary({ ...s, given: opened.submitted }, opened.submitted.enteredBySecretary);
    return withSubject(
      at("existing", s, [
        ...out,
        choices(assessMsg.existing(shown), [
          { value: "edit", label: assessLabels.editParts },
          { value: "redo", label: assessLabels.redo },
          { value: "keep", label: assessLabels.keepAll },
        ]),
      ]),
    );
  }
  return withSubject(firstQuestion(ctx, s, out));
}

export const assessFlow: RegisteredFlow = defineFlow({
  name: "assess",
  access: "member",
  version: 1,
  ownsNumbers: true,
  data: assessData,
  // The answers are saved as they are given: /huy says so, where a bare "Đã dừng" left the member
  // thinking them lost. Not when /danhgia itself stops it: it reopens them at once.
  stop: (_ctx, data, onBehalf, restarting) =>
    Promise.resolve(data.kind === "assess" && !restarting && keepsDraft(data) ? assessMsg.keptForLater(onBehalf ? data.fullName : null) : null),
  async start(ctx, args) {
    const actor = ctx.actor;
    const name = args.trim();
    if (!name) return begin(ctx, actor.member.id, []);
    const found = await cellMembersByName(ctx.db, actor.member.unitId, name);
    if (actor.isSecretary) {
      const [only, ...others] = found;
      if (!only) return done(say(assessMsg.notFound(name)));
      if (others.length === 0) return begin(ctx, only.id, []);
      return at("pick", { kind: "pick", ids: found.map((m) => m.id) }, [choices(assessMsg.pickMember(), memberChoices(found))]);
    }
    // A plain member (or chi ủy member) naming someone else gets their own assessment.
    const prefix = found.some((m) => m.id !== actor.member.id) ? [say(assessMsg.onlySecretaryForOthers())] : [];
    return begin(ctx, actor.member.id, prefix);
  },
  steps: {
    async pick(ctx, data, input) {
      if (data.kind !== "pick") return done(say(msg.flowChanged()));
      const id = pickedId(data.ids, input.choice);
      if (id === undefined) return at("pick", data, [say(assessMsg.pickMember())]);
      // Rights checked again: still the secretary, and the member still in the cell.
      const member = ctx.actor.isSecretary ? await cellMember(ctx.db, ctx.actor.member.unitId, id) : null;
      if (!member) return done(say(assessMsg.notFound("")));
      return begin(ctx, member.id, []);
    },
    existing: assessing(async (ctx, s, input) => {
      const prior = s.prior;
      if (input.choice === "edit" && prior) {
        const given = { answers: { ...prior.answers }, overallNote: prior.overallNote, selfRating: prior.selfRating, shortcomings: prior.shortcomings };
        const next: AssessState = { ...s, given };
        return next.periodKind === "MONTHLY" ? askMonth(ctx, next) : askReview(ctx, next);
      }
      if (input.choice === "redo") return firstQuestion(ctx, { ...s, idx: 0 }, []);
      if (input.choice === "keep") return done(say(assessMsg.kept()));
      return askAgain("existing", s, msg.pickOne(3));
    }),
    month: assessing(monthSteps.month),
    monthItem: assessing(monthSteps.monthItem),
    progress: assessing(fullSteps.progress),
    note: assessing(fullSteps.note),
    evidence: assessing(fullSteps.evidence),
    overall: assessing((ctx, s, input) => (s.periodKind === "YEARLY" ? yearSteps.overall(ctx, s, input) : fullSteps.overall(ctx, s, input))),
    section: assessing(yearSteps.section),
    rating: assessing(fullSteps.rating),
    shortcomings: assessing(fullSteps.shortcomings),
    review: assessing(fullSteps.review),
  },
});

export const assessmentFlows: RegisteredFlow[] = [assessFlow, onTrackFlow];
