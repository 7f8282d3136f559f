// Flows for registration (/dangky, /dangky chibo) and viewing (/camket).
//
// /dangky walks the member through 1–3 items, one at a time: main content (học tập / làm theo /
// nêu gương) and any other contents the item also covers, the text, how it is measured or
// evidenced, the timeframe, then (optionally) the shortcoming from last year it fixes. The item
// is judged by the vagueness coach once text, measure and timeframe are in; a vague item gets a
// one-or-two-line explanation and examples for the member's role, and the member may take an
// example, rewrite it or keep it (a kept item is flagged for the chi ủy). Each complete item is
// written to the DRAFT registration at once; partial answers live in the conversation state, so
// a restart resumes the question where it was. Then the pledge, the review screen, and submit.
// Coming back with /dangky shows the review screen with what can be done in the current status.
//
// Ids never come from the member: the state keeps the ids of the items offered in a list, choice
// values are indexes or short words, and every write is keyed by the member's own id.
import type { Choice, OutgoingMessage } from "../../channels/types.ts";
import type { Flow, FlowContext, FlowResult, FlowState, Input } from "../types.ts";
import {
  addItem,
  acceptPledge,
  deleteDraft,
  deleteItem,
  findTheme,
  lastYearShortcomings,
  loadRegistration,
  submitRegistration,
  updateItem,
  vaguenessContext,
  withdrawRegistration,
  type ItemInput,
  type LoadedItem,
  type LoadedRegistration,
  type Mutation,
  type VagueResult,
} from "../../db/registrations.ts";
import {
  COMMITMENT_CATEGORIES,
  MAX_FIELD_LENGTH,
  canAddItem,
  canDeleteDraft,
  canSubmit,
  canWithdraw,
  checkItems,
  cleanAnswer,
  judgeItem,
  missingContents,
  registrationYear,
  sortContents,
  type CommitmentCategory,
  type RegistrationProblem,
} from "../../domain/registration-rules.ts";
import { inferRoleKind } from "../../domain/role-kind.ts";
import { suggestExamples } from "../../domain/commitment-templates.ts";
import { givenName } from "../../domain/text.ts";
import { explainVagueness, keptVagueNotice } from "../../messages/vagueness.ts";
import { CATEGORY_LABELS, regMsg } from "../../messages/registration.ts";
import { msg } from "../../messages/common.ts";
import { at, ask, coachExamples, coachReplies, done, joined, memberOf, say, typed } from "./register-common.ts";
import { collectiveStart, collectiveStep, isCollectiveArgs } from "./register-collective.ts";
import { viewFlow } from "./register-view.ts";
import { withOnBehalf } from "./register-behalf.ts";
import { choiceLabel } from "../choices.ts";

type Cat = CommitmentCategory;
type Field = "text" | "cat" | "measure" | "time" | "short";

/** The item being entered (no itemId) or edited (itemId and the one field being changed). */
type Draft = {
  itemId?: string;
  field?: Field;
  category?: Cat;
  categories?: Cat[];
  text?: string;
  measure?: string | null;
  timeframe?: string | null;
  shortcoming?: string | null;
  vague?: VagueResult | null;
  kept?: boolean;
  /** How many times the coach has spoken about this item (rotates the examples). */
  round?: number;
};

type RegData = {
  year: number;
  draft?: Draft;
  /** Item ids of the list offered at "pick", in the order shown. */
  ids?: string[];
  /** Examples offered by the coach, in the order shown. */
  examples?: string[];
  /** Last year's shortcomings, offered at "short". */
  lastShortcoming?: string | null;
  /** The member pressed "Gửi chi ủy" before accepting the pledge: submit right after it. */
  submitAfter?: boolean;
};

const CAT_VALUE: Readonly<Record<Cat, string>> = { STUDY: "study", FOLLOW: "follow", EXAMPLE: "example" };
const catOf = (value: string | undefined): Cat | undefined => COMMITMENT_CATEGORIES.find((c) => CAT_VALUE[c] === value);

const categoryChoices = (): Choice[] => COMMITMENT_CATEGORIES.map((c) => ({ value: CAT_VALUE[c], label: CATEGORY_LABELS[c] }));

function alsoChoices(main: Cat): Choice[] {
  const others = COMMITMENT_CATEGORIES.filter((c) => c !== main);
  return [
    { value: "none", label: regMsg.alsoNone() },
    ...others.map((c) => ({ value: CAT_VALUE[c], label: CATEGORY_LABELS[c] })),
    { value: "both", label: regMsg.alsoBoth() },
  ];
}

const pickFromList = () => "Đồng chí chọn một mục trong danh sách trên (trả lời bằng số), hoặc gõ /huy để dừng.";
const reask = (state: FlowState, hint: string = pickFromList()): FlowResult => ({ replies: [say(hint)], next: state });

// ---------------------------------------------------------------------------------------------
// Reading and showing

async function load(ctx: FlowContext, year: number): Promise<LoadedRegistration | null> {
  return loadRegistration(ctx.db, memberOf(ctx).id, year);
}

function reviewText(ctx: FlowContext, year: number, reg: LoadedRegistration): string {
  const last = reg.status === "RETURNED" ? reg.reviews[0] : undefined;
  return regMsg.review({
    year,
    status: reg.status,
    items: reg.items,
    pledgeAccepted: reg.pledgeAccepted,
    submittedAt: reg.submittedAt,
    zone: ctx.zone,
    lastComment: last ? { text: last.text, author: last.author.fullName, at: last.createdAt } : null,
  });
}

function menuChoices(reg: LoadedRegistration): Choice[] {
  const m = regMsg.menu;
  const canAdd = canAddItem(reg.items.length);
  if (reg.status === "SUBMITTED") {
    return [
      { value: "edit", label: m.editSubmitted },
      ...(canAdd ? [{ value: "add", label: m.add }] : []),
      ...(canWithdraw(reg.status) ? [{ value: "withdraw", label: m.withdraw }] : []),
      { value: "later", label: m.keep },
    ];
  }
  return [
    ...(canSubmit(reg.status) ? [{ value: "submit", label: m.submit }] : []),
    ...(canAdd ? [{ value: "add", label: m.add }] : []),
    ...(reg.items.length > 0 ? [{ value: "edit", label: m.edit }] : []),
    ...(canDeleteDraft(reg.status) ? [{ value: "drop", label: m.drop }] : []),
    { value: "later", label: m.later },
  ];
}

/** The review screen with what can be done now; `lead` messages go first. */
async function showMenu(ctx: FlowContext, year: number, lead: string[] = [], reg?: LoadedRegistration | null): Promise<FlowResult> {
  const current = reg === undefined ? await load(ctx, year) : reg;
  if (!current || (current.items.length === 0 && current.status !== "APPROVED")) return newItem(ctx, { year }, lead, true);
  if (current.status === "APPROVED") return done(...joined(lead), say(reviewText(ctx, year, current)), say(regMsg.approvedLocked(year)));
  return at("menu", { year }, ...joined(lead), say(reviewText(ctx, year, current)), ask(regMsg.menuAsk(), menuChoices(current)));
}

/** Starts entering a new item: the intro for a first item, then its main content. */
async function newItem(ctx: FlowContext, base: RegData, lead: string[] = [], intro = false): Promise<FlowResult> {
  const reg = await load(ctx, base.year);
  const count = reg?.items.length ?? 0;
  if (!canAddItem(count)) return showMenu(ctx, base.year, [...lead, regMsg.tooMany()], reg);
  const replies: OutgoingMessage[] = joined(lead);
  if (intro) {
    const member = memberOf(ctx);
    const theme = await findTheme(ctx.db, member.unitId, base.year);
    replies.push(say(regMsg.intro({ fullName: member.fullName, year: base.year, theme: theme?.title ?? null })));
  }
  replies.push(ask(regMsg.askCategory(count + 1), categoryChoices()));
  return at("cat", { year: base.year, draft: {} }, ...replies);
}

// ---------------------------------------------------------------------------------------------
// Entering an item

function itemInput(d: Draft): ItemInput {
  const category = d.category ?? "STUDY";
  return {
    category,
    categories: sortContents([category, ...(d.categories ?? [])]),
    text: d.text ?? "",
    measure: d.measure ?? null,
    timeframe: d.timeframe ?? null,
    shortcoming: d.shortcoming ?? null,
    vague: d.vague ?? null,
    kept: d.kept ?? false,
  };
}

function draftOf(item: LoadedItem): Draft {
  return {
    itemId: item.id,
    category: item.category,
    categories: item.categories,
    text: item.text,
    measure: item.measure,
    timeframe: item.timeframe,
    shortcoming: item.shortcoming,
    vague: item.vagueVerdict ? { verdict: item.vagueVerdict, score: item.vagueScore ?? 0, reasons: (item.vagueReasons ?? []) as unknown as VagueResult["reasons"] } : null,
    kept: item.vagueKept,
  };
}

function askTextReply(ctx: FlowContext, data: RegData, position: number): FlowResult {
  const member = memberOf(ctx);
  const category = data.draft?.category ?? "STUDY";
  const example = suggestExamples(inferRoleKind(member.position, member.unit.name), category, 1, position - 1)[0];
  return at("text", data, say(regMsg.askText(example)));
}

/** Judges the draft's text + measure + timeframe; vague → the coach, concrete → go on. */
async function judge(ctx: FlowContext, data: RegData, lead: string[] = []): Promise<FlowResult> {
  const member = memberOf(ctx);
  const draft = data.draft ?? {};
  const [theme, context] = await Promise.all([
    findTheme(ctx.db, member.unitId, data.year),
    vaguenessContext(ctx.db, { memberId: member.id, unitId: member.unitId, year: data.year }),
  ]);
  const result = judgeItem(
    { text: draft.text ?? "", measure: draft.measure ?? null, timeframe: draft.timeframe ?? null },
    { ...(theme ? { themeTitle: theme.title } : {}), ...context },
  );
  const vague: VagueResult = { verdict: result.verdict, score: result.score, reasons: result.reasons };
  if (result.verdict === "concrete") {
    const next: RegData = { ...data, draft: { ...draft, vague, kept: false }, examples: [] };
    return afterJudged(ctx, next, (draft.round ?? 0) > 0 ? [...lead, regMsg.nowConcrete()] : lead);
  }
  const round = draft.round ?? 0;
  const roleKind = inferRoleKind(member.position, member.unit.name);
  const examples = coachExamples(roleKind, draft.category ?? "STUDY", round, [...context.cellTexts, draft.text ?? ""]);
  const next: RegData = { ...data, draft: { ...draft, vague, kept: false, round: round + 1 }, examples };
  return at("coach", next, ...joined(lead), ...coachReplies(explainVagueness(result.reasons), examples, givenName(member.fullName)));
}

/** After the coach: a new item goes on to the shortcoming question, an edit is saved. */
async function afterJudged(ctx: FlowContext, data: RegData, lead: string[]): Promise<FlowResult> {
  if (data.draft?.itemId) return saveEdit(ctx, data, lead);
  return askShortcoming(ctx, data, lead);
}

async function askShortcoming(ctx: FlowContext, data: RegData, lead: string[]): Promise<FlowResult> {
  const last = data.lastShortcoming !== undefined ? data.lastShortcoming : await lastYearShortcomings(ctx.db, memberOf(ctx).id, data.year);
  const choices: Choice[] = [{ value: "skip", label: regMsg.shortcomingSkip() }, ...(last ? [{ value: "same", label: regMsg.shortcomingSame() }] : [])];
  return at("short", { ...data, lastShortcoming: last }, ...joined(lead), ask(regMsg.askShortcoming(last), choices));
}

function refusal(ctx: FlowContext, data: RegData, result: Exclude<Mutation, { ok: true }>): Promise<FlowResult> | FlowResult {
  if (result.reason === "NOT_EDITABLE") return done(say(regMsg.approvedLocked(data.year)));
  if (result.reason === "FULL") return showMenu(ctx, data.year, [regMsg.tooMany()]);
  return showMenu(ctx, data.year, [regMsg.gone()]);
}

async function saveNew(ctx: FlowContext, data: RegData, lead: string[]): Promise<FlowResult> {
  const result = await addItem(ctx.db, { memberId: memberOf(ctx).id, year: data.year, item: itemInput(data.draft ?? {}) });
  if (!result.ok) return refusal(ctx, data, result);
  const reg = await load(ctx, data.year);
  const items = reg?.items ?? [];
  const saved = [...lead, regMsg.itemSaved(result.position), ...(result.reopened ? [regMsg.reopened()] : []), regMsg.coverage(missingContents(items))];
  if (!canAddItem(items.length)) return finish(ctx, data.year, saved, reg);
  const choices: Choice[] = [
    { value: "more", label: regMsg.more() },
    { value: "done", label: regMsg.done() },
  ];
  return at("after", { year: data.year }, ...joined(saved), ask(regMsg.askMore(), choices));
}

async function saveEdit(ctx: FlowContext, data: RegData, lead: string[]): Promise<FlowResult> {
  const draft = data.draft ?? {};
  if (!draft.itemId) return showMenu(ctx, data.year, lead);
  const result = await updateItem(ctx.db, { memberId: memberOf(ctx).id, year: data.year, itemId: draft.itemId, item: itemInput(draft) });
  if (!result.ok) return refusal(ctx, data, result);
  const reg = await load(ctx, data.year);
  const position = reg?.items.find((i) => i.id === draft.itemId)?.position ?? 0;
  return showMenu(ctx, data.year, [...lead, regMsg.itemChanged(position), ...(result.reopened ? [regMsg.reopened()] : [])], reg);
}

/** Items are in: say what is missing, or the pledge, or the review screen. */
async function finish(ctx: FlowContext, year: number, lead: string[], reg?: LoadedRegistration | null, submitAfter = false): Promise<FlowResult> {
  const current = reg === undefined ? await load(ctx, year) : reg;
  if (!current) return newItem(ctx, { year }, lead, true);
  const problems = checkItems(current.items);
  if (problems.length > 0) return showMenu(ctx, year, [...lead, regMsg.problems(problems, current.items.length)], current);
  if (!current.pledgeAccepted) {
    const choices: Choice[] = [
      { value: "agree", label: regMsg.agree() },
      { value: "later", label: regMsg.later() },
    ];
    return at("pledge", { year, submitAfter }, ...joined(lead), ask(regMsg.pledge(memberOf(ctx).fullName), choices));
  }
  return showMenu(ctx, year, lead, current);
}

async function submit(ctx: FlowContext, year: number): Promise<FlowResult> {
  const result = await submitRegistration(ctx.db, { memberId: memberOf(ctx).id, year, now: ctx.now });
  if (result.ok) return done(say(regMsg.submitted(ctx.now, ctx.zone)));
  if (result.problems.some((p) => p.code === "NOT_SUBMITTABLE")) return showMenu(ctx, year);
  const itemProblems = result.problems.filter((p): p is RegistrationProblem => p.code !== "NO_PLEDGE" && p.code !== "NOT_SUBMITTABLE");
  if (itemProblems.length > 0) {
    const reg = await load(ctx, year);
    return showMenu(ctx, year, [regMsg.problems(itemProblems, reg?.items.length ?? 0)], reg);
  }
  return finish(ctx, year, [], undefined, true);
}

// ---------------------------------------------------------------------------------------------
// Steps

async function step(ctx: FlowContext, state: FlowState, input: Input): Promise<FlowResult> {
  if (state.step.startsWith("c.")) return collectiveStep(ctx, state, input);
  const data = state.data as RegData;
  const draft: Draft = data.draft ?? {};
  const year = data.year;

  switch (state.step) {
    case "cat": {
      const main = catOf(input.choice);
      if (!main) return reask(state);
      const next: RegData = { ...data, draft: { ...draft, category: main, categories: [main] } };
      if (draft.itemId) return at("also", next, ask(regMsg.askAlso(main), alsoChoices(main)));
      // A new item: ask about other contents only while the registration still lacks some.
      const reg = await load(ctx, year);
      const missing = missingContents([...(reg?.items ?? []), { category: main }]);
      if (missing.length === 0) return askTextReply(ctx, next, (reg?.items.length ?? 0) + 1);
      return at("also", next, ask(regMsg.askAlso(main), alsoChoices(main)));
    }

    case "also": {
      const main = draft.category ?? "STUDY";
      const others = COMMITMENT_CATEGORIES.filter((c) => c !== main);
      const picked = input.choice === "none" ? [] : input.choice === "both" ? others : catOf(input.choice) ? [catOf(input.choice)!] : null;
      if (!picked) return reask(state);
      const next: RegData = { ...data, draft: { ...draft, categories: sortContents([main, ...picked]) } };
      if (draft.itemId) return saveEdit(ctx, next, []);
      const reg = await load(ctx, year);
      return askTextReply(ctx, next, (reg?.items.length ?? 0) + 1);
    }

    case "text": {
      const text = typed(input.text);
      if (!text) return reask(state, regMsg.needText());
      const next: RegData = { ...data, draft: { ...draft, text: cleanAnswer(text), round: 0 } };
      if (draft.itemId) return judge(ctx, next);
      return at("measure", next, say(regMsg.askMeasure()));
    }

    case "measure": {
      const text = typed(input.text);
      if (!text) return reask(state, regMsg.needText());
      const next: RegData = { ...data, draft: { ...draft, measure: cleanAnswer(text, MAX_FIELD_LENGTH) } };
      if (draft.itemId) return judge(ctx, next);
      return at("time", next, ask(regMsg.askTimeframe(), regMsg.timeframeChoices(year)));
    }

    case "time": {
      const chosen = regMsg.timeframeChoices(year).find((c) => c.value === input.choice);
      const text = chosen?.label ?? typed(input.text);
      if (!text) return reask(state, regMsg.needText());
      return judge(ctx, { ...data, draft: { ...draft, timeframe: cleanAnswer(text, MAX_FIELD_LENGTH) } });
    }

    case "coach": {
      const examples = data.examples ?? [];
      const exampleIndex = /^ex(\d)$/.exec(input.choice ?? "");
      if (exampleIndex) {
        const example = examples[Number(exampleIndex[1])];
        if (!example) return reask(state);
        return judge(ctx, { ...data, draft: { ...draft, text: example } });
      }
      if (input.choice === "rewrite") return at("retext", data, say(regMsg.askRewrite()));
      if (input.choice === "keep") {
        const next: RegData = { ...data, draft: { ...draft, kept: true }, examples: [] };
        return afterJudged(ctx, next, [keptVagueNotice()]);
      }
      // A whole new text typed straight away counts as the rewrite.
      const text = typed(input.text);
      if (text && text.split(/\s+/).length >= 4) return judge(ctx, { ...data, draft: { ...draft, text: cleanAnswer(text) } });
      return reask(state);
    }

    case "retext": {
      const text = typed(input.text);
      if (!text) return reask(state, regMsg.needText());
      return judge(ctx, { ...data, draft: { ...draft, text: cleanAnswer(text) } });
    }

    case "short": {
      let shortcoming: string | null;
      if (input.choice === "skip") shortcoming = null;
      else if (input.choice === "same" && data.lastShortcoming) shortcoming = cleanAnswer(data.lastShortcoming, MAX_FIELD_LENGTH);
      else {
        const text = typed(input.text);
        if (!text) return reask(state, regMsg.needText());
        shortcoming = cleanAnswer(text, MAX_FIELD_LENGTH);
      }
      const next: RegData = { ...data, draft: { ...draft, shortcoming } };
      return draft.itemId ? saveEdit(ctx, next, []) : saveNew(ctx, next, []);
    }

    case "after": {
      if (input.choice === "more") return newItem(ctx, { year });
      if (input.choice === "done") return finish(ctx, year, []);
      return reask(state);
    }

    case "pledge": {
      if (input.choice === "agree") {
        if (!(await acceptPledge(ctx.db, memberOf(ctx).id, year))) return showMenu(ctx, year);
        if (data.submitAfter) return submit(ctx, year);
        return showMenu(ctx, year, [regMsg.pledgeThanks()]);
      }
      if (input.choice === "later") return done(say(regMsg.draftKept()));
      return reask(state);
    }

    case "menu":
      return menuStep(ctx, state, input, year);

    case "pick": {
      const id = input.choice !== undefined ? data.ids?.[Number(input.choice)] : undefined;
      if (!id) return reask(state);
      return fieldMenu(ctx, year, id);
    }

    case "field":
      return fieldStep(ctx, state, input, data);

    case "drop": {
      if (input.choice === "yes") {
        const dropped = await deleteDraft(ctx.db, memberOf(ctx).id, year);
        return dropped ? done(say(regMsg.dropped())) : showMenu(ctx, year);
      }
      if (input.choice === "no") return showMenu(ctx, year);
      return reask(state);
    }
  }
  return done(say(msg.helpHint()));
}

async function menuStep(ctx: FlowContext, state: FlowState, input: Input, year: number): Promise<FlowResult> {
  const reg = await load(ctx, year);
  if (!reg) return newItem(ctx, { year }, [], true);
  if (reg.status === "APPROVED") return done(say(regMsg.approvedLocked(year)));
  const offered = menuChoices(reg).map((c) => c.value);
  // The status may have changed since the menu was shown (the chi ủy returned it, say).
  if (input.choice !== undefined && !offered.includes(input.choice)) return showMenu(ctx, year, [], reg);
  switch (input.choice) {
    case "submit":
      return submit(ctx, year);
    case "add":
      return newItem(ctx, { year });
    case "edit": {
      if (reg.items.length === 1) return fieldMenu(ctx, year, reg.items[0]!.id);
      const choices = reg.items.map((item, i) => ({ value: String(i), label: `Việc ${item.position}: ${shortLabel(item.text)}` }));
      return at("pick", { year, ids: reg.items.map((i) => i.id) }, ask(regMsg.pickItem(), choices));
    }
    case "withdraw": {
      await withdrawRegistration(ctx.db, memberOf(ctx).id, year);
      return showMenu(ctx, year, [regMsg.withdrawn()]);
    }
    case "drop":
      return at("drop", { year }, ask(regMsg.confirmDrop(), [
        { value: "yes", label: regMsg.dropYes() },
        { value: "no", label: regMsg.dropNo() },
      ]));
    case "later":
      return done(say(reg.status === "SUBMITTED" ? regMsg.submittedKept() : regMsg.draftKept()));
  }
  return reask(state);
}

const shortLabel = (text: string) => choiceLabel(text, 40);

async function fieldMenu(ctx: FlowContext, year: number, itemId: string): Promise<FlowResult> {
  const reg = await load(ctx, year);
  const item = reg?.items.find((i) => i.id === itemId);
  if (!item) return showMenu(ctx, year, [regMsg.gone()], reg);
  const f = regMsg.fields;
  const choices: Choice[] = [
    { value: "text", label: f.text },
    { value: "cat", label: f.cat },
    { value: "measure", label: f.measure },
    { value: "time", label: f.time },
    { value: "short", label: f.short },
    { value: "del", label: f.del },
    { value: "back", label: f.back },
  ];
  return at("field", { year, draft: draftOf(item) }, ask(regMsg.pickField(item.position), choices));
}

async function fieldStep(ctx: FlowContext, state: FlowState, input: Input, data: RegData): Promise<FlowResult> {
  const year = data.year;
  const draft = data.draft ?? {};
  if (!draft.itemId) return showMenu(ctx, year);
  switch (input.choice) {
    case "text":
      return at("text", { ...data, draft: { ...draft, field: "text" } }, say(regMsg.askTextEdit(draft.text ?? "")));
    case "cat":
      return at("cat", { ...data, draft: { ...draft, field: "cat" } }, ask(regMsg.askCategoryEdit(), categoryChoices()));
    case "measure":
      return at("measure", { ...data, draft: { ...draft, field: "measure" } }, say(regMsg.askMeasure()));
    case "time":
      return at("time", { ...data, draft: { ...draft, field: "time" } }, ask(regMsg.askTimeframe(), regMsg.timeframeChoices(year)));
    case "short":
      return askShortcoming(ctx, { ...data, draft: { ...draft, field: "short" } }, []);
    case "del": {
      const reg = await load(ctx, year);
      const position = reg?.items.find((i) => i.id === draft.itemId)?.position ?? 0;
      const result = await deleteItem(ctx.db, { memberId: memberOf(ctx).id, year, itemId: draft.itemId });
      if (!result.ok) return refusal(ctx, data, result);
      return showMenu(ctx, year, [regMsg.itemDeleted(position), ...(result.reopened ? [regMsg.reopened()] : [])]);
    }
    case "back":
      return showMenu(ctx, year);
  }
  return reask(state);
}

// ---------------------------------------------------------------------------------------------

export const registerFlow: Flow = {
  name: "register",
  access: "member",
  async start(ctx, args) {
    if (isCollectiveArgs(args)) return collectiveStart(ctx);
    const year = registrationYear(ctx.now, ctx.zone);
    const reg = await load(ctx, year);
    if (!reg || reg.items.length === 0) {
      if (reg?.status === "APPROVED") return done(say(regMsg.approvedLocked(year)));
      return newItem(ctx, { year }, [], true);
    }
    return showMenu(ctx, year, [], reg);
  },
  step,
};

export const registrationFlows: Flow[] = [withOnBehalf(registerFlow, isCollectiveArgs), viewFlow];

