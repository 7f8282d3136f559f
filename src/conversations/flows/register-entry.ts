// The item-entry sub-flow shared by a member's registration (/dangky) and the cell's collective
// items (/dangky chibo): the member types 1–3 items in one message (or one at a time), the reader
// finds each item's measure, timeframe and contents, and the coach judges each whole item at once.
// Only what is missing is asked: a measure that is absent or unmeasurable ("tốt hơn"), a timeframe
// that is absent — each at most once — and anything else vague gets the coach's explanation with
// examples. When every item is concrete or kept, the host (member or cell) saves them.
import type { OutgoingMessage } from "../../channels/types.ts";
import type { Input } from "../types.ts";
import { say, type MemberContext } from "../flow.ts";
import { isStandingRule, readItem, readRegistration, type ReadItem } from "../../domain/registration-reader/index.ts";
import { MAX_FIELD_LENGTH, MAX_TEXT_LENGTH, cleanAnswer, judgeItem, tidyAnswer } from "../../domain/registration-rules.ts";
import { DUPLICATE_SIMILARITY, textSimilarity, type VaguenessContext } from "../../domain/vagueness.ts";
import { fold, givenName, withoutParticle } from "../../domain/text.ts";
import { explainVagueness, keptVagueNotice } from "../../messages/vagueness.ts";
import { regMsg, type ItemView } from "../../messages/registration.ts";
import { ask, at, coachReplies, memberOf, reask, typed, type EntryItem, type EntryState, type RegData, type RegOutcome, type Step } from "./register-common.ts";
import { isBareCommandWord } from "../commands.ts";
import { entryQuestion, understandAside } from "../../domain/intents.ts";
import { isLater, isSkip } from "../choices.ts";

/**
 * A message where an item (or a part of one) is awaited that clearly is none: a nod ("ok", "👍"), a
 * greeting or thanks, a command word typed without its "/" ("dang ky"), a question the bot
 * answers elsewhere ("khi nào họp chi bộ"), or a question or protest about the registration itself
 * ("thế nào là nêu gương?", "ví dụ như thế nào?", "không phải, tôi hỏi thôi"). Read as an item it
 * would be saved and coached as one ("Làm theo: ok"). Null when the text may be the answer.
 * `answer`: the command that answers the question, for the engine to send first (see
 * Outcome.aside); `reply`: the short answer said in front of what the step waits for.
 */
export function notAnAnswer(ctx: MemberContext, text: string): { answer?: string; reply?: string } | null {
  if (isBareCommandWord(text)) return {};
  const intent = understandAside(text, ctx.actor);
  if (intent) return intent.kind === "command" && ANSWERED_ASIDE.has(intent.command) ? { answer: intent.command } : {};
  const asked = entryQuestion(text);
  if (!asked) return null;
  if (asked.kind === "protest") return { reply: regMsg.nothingSaved() };
  return { reply: asked.about === null ? regMsg.nothingSaved() : regMsg.answerAbout(asked.about) };
}

/**
 * The questions answered in passing: their commands only read (the meeting dates, the notebook, the
 * help). Others ("làm sao để tự đánh giá?") start something, so only the reminder is said.
 */
const ANSWERED_ASIDE: ReadonlySet<string> = new Set(["lich", "camket", "trogiup"]);

/** Nothing saved: what the step waits for, asked again (with its options), and the question's answer first. */
export function stillWaiting(step: Step, data: RegData, aside: { answer?: string; reply?: string }, text: string): RegOutcome {
  return { ...reask(step, data, aside.reply ? `${aside.reply}\n${text}` : text), ...(aside.answer ? { aside: aside.answer } : {}) };
}

/** What differs between a member's items and the cell's. */
export interface EntryHost {
  /** What the coach compares an item with (the theme, other items, last year's). */
  context(ctx: MemberContext, data: Readonly<RegData>): Promise<VaguenessContext>;
  /** Examples the coach offers for this item. */
  examples(ctx: MemberContext, item: EntryItem, avoid: readonly string[]): string[];
  /** The items already saved (a typed item that repeats one is not entered again). */
  saved(ctx: MemberContext, data: Readonly<RegData>): Promise<ReadonlyArray<{ position: number; text: string }>>;
  /** Every item is concrete or kept: save them and go on. */
  finish(ctx: MemberContext, data: Readonly<RegData>, entry: EntryState, lead: string[]): Promise<RegOutcome>;
  /**
   * "Để sau" typed where a part of a new item is asked: save the items as they are and stop (the
   * host's own "Để sau"). Without it, the question is only passed over.
   */
  later?(ctx: MemberContext, data: Readonly<RegData>, entry: EntryState, lead: string[]): Promise<RegOutcome>;
}

export type HostOf = (kind: EntryState["kind"]) => EntryHost;

export const newEntry = (kind: EntryState["kind"], base: number, max: number, stepwise = false): EntryState => ({
  kind,
  stepwise,
  base,
  max,
  items: [],
  cursor: 0,
  examples: [],
});

export const roomLeft = (entry: EntryState): number => entry.max - entry.base - entry.items.length;

function fromRead(read: ReadItem, position: number): EntryItem {
  return {
    position,
    text: cleanAnswer(read.text),
    measure: read.measure,
    timeframe: read.timeframe,
    categories: read.categories,
    verdict: read.verdict,
    score: read.score,
    reasons: read.reasons,
    kept: false,
    asked: [],
    round: 0,
    shortcoming: null,
  };
}

export function entryView(item: EntryItem, flagged = false): ItemView {
  return {
    position: item.position,
    category: item.categories[0] ?? "FOLLOW",
    categories: item.categories,
    text: item.text,
    measure: item.measure,
    timeframe: item.timeframe,
    shortcoming: item.shortcoming,
    vagueVerdict: flagged ? item.verdict : null,
    vagueKept: flagged && item.kept,
    vagueReasons: item.reasons,
  };
}

/** The entry's steps: where the sub-flow waits for an answer. */
const ENTRY_STEPS = new Set(["measure", "time", "coach", "retext", "contents"]);

/**
 * Reads the typed items (one only when entering step by step), then asks about the first that is
 * not concrete. What was understood is shown first, in one message, whenever something is asked.
 */
export async function takeItems(ctx: MemberContext, data: Readonly<RegData>, entry: EntryState, text: string, host: EntryHost): Promise<RegOutcome> {
  const read = entry.stepwise ? { items: [readItem(text)], extra: [] } : readRegistration(text);
  // The same paragraph pasted again (to start over after /huy): what is already saved is not
  // entered twice, and only what is new counts against the room left.
  const saved = entry.base > 0 ? await host.saved(ctx, data) : [];
  const repeats = read.items.flatMap((r) => saved.filter((s) => sameItem(s.text, r.text)).map((s) => s.position));
  const fresh = read.items.filter((r) => !saved.some((s) => sameItem(s.text, r.text)));
  const room = roomLeft(entry);
  const taken = fresh.slice(0, room);
  const first = entry.items.length;
  const items = [...entry.items, ...taken.map((r, i) => fromRead(r, entry.base + first + i + 1))];
  const next: EntryState = { ...entry, items, cursor: first };
  // What does not fit is named, so the member sees which item is missing and why.
  const over = fresh.slice(room).map((r) => r.text);
  const lead = [
    ...(repeats.length > 0 ? [regMsg.alreadySaved([...new Set(repeats)])] : []),
    ...(over.length > 0 ? [regMsg.overLimit(entry.base + first, over)] : read.extra.length > 0 ? [regMsg.extraLeftOut(read.extra)] : []),
    ...taken.flatMap((r, i) => cutNotice(entry.base + first + i + 1, "text", r.text)),
  ];
  const outcome = await advance(ctx, { ...data, entry: next }, lead, host);
  const asking = outcome.next !== undefined && outcome.next !== null && ENTRY_STEPS.has(outcome.next.step);
  if (entry.stepwise || !asking) return outcome;
  return { ...outcome, replies: [say(regMsg.understood(items.slice(first).map((i) => entryView(i)))), ...outcome.replies] };
}

/** A typed item that says what a saved one says (the same paragraph pasted again). */
const sameItem = (saved: string, typedText: string): boolean =>
  fold(saved) === fold(cleanAnswer(typedText)) || textSimilarity(saved, typedText) >= DUPLICATE_SIMILARITY;

/** What the member is told when a typed answer was too long to keep whole (nothing when it was kept). */
function cutNotice(position: number, part: "text" | "measure" | "timeframe", typedText: string): string[] {
  const max = part === "text" ? MAX_TEXT_LENGTH : MAX_FIELD_LENGTH;
  const tidy = tidyAnswer(typedText, max);
  return tidy.shortened ? [regMsg.shortened({ position, part, max, kept: tidy.text })] : [];
}

/** The words of `text` whose folded form is `folded` ("tot hon" → "tốt hơn"), as the member typed them. */
function asTyped(text: string, folded: string): string {
  const words = text.split(/\s+/);
  const size = folded.split(/\s+/).length;
  for (let i = 0; i + size <= words.length; i++) {
    const span = words.slice(i, i + size).join(" ");
    if (fold(span).replace(/[^a-z0-9 ]/g, "") === folded) return span.replace(/[.,;:]+$/, "");
  }
  return folded;
}

/** A measure or timeframe the reader found inside the text is not repeated to the coach. */
const extra = (field: string | null, text: string): string | null => (field && !text.includes(field) ? field : null);

const FIELD_CODES = new Set(["NO_MEASURE", "VAGUE_MEASURE", "NO_TIMEFRAME"]);

/** Judges the items from the cursor on and asks about the first one that needs it. */
export async function advance(ctx: MemberContext, data: Readonly<RegData>, lead: string[], host: EntryHost): Promise<RegOutcome> {
  const entry = data.entry;
  if (!entry) return reask("items", data);
  const context = await host.context(ctx, data);
  const items = [...entry.items];
  for (let i = entry.cursor; i < items.length; i++) {
    const item = items[i];
    if (!item || item.kept) continue;
    const here = (patch: Partial<EntryState>): RegData => ({ ...data, entry: { ...entry, items, cursor: i, ...patch } });
    const judged = judgeItem({ text: item.text, measure: extra(item.measure, item.text), timeframe: extra(item.timeframe, item.text) }, context);
    const current: EntryItem = { ...item, verdict: judged.verdict, score: judged.score, reasons: judged.reasons };
    items[i] = current;
    const codes = judged.reasons.map((r) => r.code);
    // Only a missing or unmeasurable measure, or a missing timeframe: ask for that part (once).
    // Step by step, a missing part is asked even when the item is concrete without it, except for
    // a standing rule: it holds all year and its breach is seen, as in one message.
    const partsOnly = codes.every((c) => FIELD_CODES.has(c));
    const stepwise = entry.stepwise && item.itemId === undefined;
    const askParts = stepwise && !isStandingRule(item.text);
    if (partsOnly) {
      const vague = judged.reasons.find((r) => r.code === "VAGUE_MEASURE");
      const wantMeasure = vague !== undefined || codes.includes("NO_MEASURE") || (askParts && !item.measure);
      if (wantMeasure && !item.asked.includes("measure")) {
        const phrase = vague?.detail ? asTyped(item.text, vague.detail) : null;
        return at("measure", here({}), ...leadThen(lead, say(regMsg.askMeasure(item.position, phrase))));
      }
      const wantTime = codes.includes("NO_TIMEFRAME") || (askParts && !item.timeframe);
      if (wantTime && !item.asked.includes("timeframe")) return askTime(here({}), lead, item.position);
    }
    if (judged.verdict === "concrete") {
      const praise = item.round > 0 || (item.asked.length > 0 && !stepwise);
      // "Đã cụ thể" must hold for what is saved: an item the coach or a question got into shape
      // that still says neither when nor how often is asked for its timeframe (once) first.
      if (praise && !item.timeframe && !item.asked.includes("timeframe") && !isStandingRule(item.text)) return askTime(here({}), lead, item.position);
      // Praised only when its own words pass the check the chi ủy and `check-commitment` run on an
      // item's text: a measure and timeframe answered apart make it checkable, not "cụ thể".
      if (praise) lead = [...lead, `${regMsg.coachAbout(item.position)} ${passesAlone(item.text, context) ? regMsg.nowConcrete() : regMsg.notedForComment()}`];
      continue;
    }
    const examples = host.examples(
      ctx,
      current,
      items.map((x) => x.text),
    );
    items[i] = { ...current, round: current.round + 1 };
    const why = `${regMsg.coachAbout(item.position)} “${item.text}”\n${explainVagueness(judged.reasons)}`;
    return at("coach", here({ examples }), ...leadThen(lead, ...coachReplies(why, examples, givenName(memberOf(ctx).fullName))));
  }
  const finished: EntryState = { ...entry, items, cursor: items.length, examples: [] };
  if (entry.stepwise && roomLeft(finished) > 0) {
    return at(
      "items",
      { ...data, entry: finished },
      ...leadThen(lead, ask(regMsg.askNextItem(entry.base + items.length + 1), [{ value: "done", label: regMsg.done() }])),
    );
  }
  return host.finish(ctx, data, finished, lead);
}

/** The item's text alone passes the vagueness check (as `check-commitment` runs it, with the theme). */
const passesAlone = (text: string, context: VaguenessContext): boolean => judgeItem({ text }, context).verdict === "concrete";

function leadThen(lead: readonly string[], ...replies: OutgoingMessage[]): OutgoingMessage[] {
  if (lead.length === 0) return replies;
  const [first, ...rest] = replies;
  if (!first || first.kind === "document") return [say(lead.join("\n")), ...replies];
  // The lead goes in front of the first question, so one answer gets one message.
  return [{ ...first, text: `${lead.join("\n")}\n${first.text}` }, ...rest];
}

function askTime(data: RegData, lead: readonly string[], position: number): RegOutcome {
  return at("time", data, ...leadThen(lead, ask(regMsg.askTimeframe(position), regMsg.timeframeChoices(data.year))));
}

/** Replaces the item at the cursor and judges again from there. */
function patchCurrent(data: Readonly<RegData>, patch: (item: EntryItem) => EntryItem): RegData | null {
  const entry = data.entry;
  const item = entry?.items[entry.cursor];
  if (!entry || !item) return null;
  const items = entry.items.map((x, i) => (i === entry.cursor ? patch(x) : x));
  return { ...data, entry: { ...entry, items } };
}

/**
 * A saved item's contents were set by the member (picked at "Việc nào gồm cả …?" or in the edit's
 * "Học tập / làm theo / nêu gương") rather than read from its wording: they are not what the reader
 * finds in its text, main content first.
 */
function setByMember(item: EntryItem): boolean {
  const derived = readItem(item.text).categories;
  return derived[0] !== item.categories[0] || derived.length !== item.categories.length || derived.some((c) => !item.categories.includes(c));
}

/** A new text for the item at the cursor: a measure or timeframe it lacks is kept from before. */
function rewrite(item: EntryItem, text: string): EntryItem {
  const read = readItem(text);
  return {
    ...item,
    // The label typed before the new wording ("lam guong: …") is its content, not its words.
    text: cleanAnswer(read.text),
    measure: read.measure ?? (item.measure && !item.text.includes(item.measure) ? item.measure : null),
    timeframe: read.timeframe ?? (item.timeframe && !item.text.includes(item.timeframe) ? item.timeframe : null),
    // The contents follow the new wording, as for a new item, unless the member set them (they
    // differ from what the old wording reads as): what was chosen is kept.
    categories: item.itemId === undefined || !setByMember(item) ? read.categories : item.categories,
    kept: false,
  };
}

type Handler = (ctx: MemberContext, data: Readonly<RegData>, input: Input) => Promise<RegOutcome>;

export function entrySteps(hostOf: HostOf): { measure: Handler; time: Handler; coach: Handler; retext: Handler } {
  const go = (ctx: MemberContext, data: RegData | null, lead: string[] = []): Promise<RegOutcome> | RegOutcome =>
    data?.entry ? advance(ctx, data, lead, hostOf(data.entry.kind)) : done0();
  const position = (data: Readonly<RegData>): number => data.entry?.items[data.entry.cursor]?.position ?? 0;
  const done0 = (): RegOutcome => ({ replies: [say(regMsg.gone())] });
  /**
   * "bỏ qua", "chưa biết", "giữ nguyên" where a part is asked: the question is passed over (asked
   * once, as any part), nothing kept as that part. "để sau", "thôi để mai làm" on a new item: the
   * host keeps what is typed for later, without that part. Null when the text may be the part.
   */
  const noPart = (ctx: MemberContext, data: Readonly<RegData>, part: "measure" | "timeframe", text: string): Promise<RegOutcome> | RegOutcome | null => {
    const later = isLater(text);
    if (!later && !isSkip(text)) return null;
    const entry = data.entry;
    const item = entry?.items[entry.cursor];
    const host = entry ? hostOf(entry.kind) : undefined;
    const passed = patchCurrent(data, (x) => ({ ...x, asked: [...x.asked, part] }));
    if (!item || !passed?.entry || !host) return done0();
    if (later && host.later && item.itemId === undefined) {
      const empty = (["measure", "timeframe"] as const).filter((p) => !item[p]);
      return host.later(ctx, passed, passed.entry, [regMsg.partLater(item.position, empty)]);
    }
    return go(ctx, passed, [regMsg.partSkipped(item.position, part, item.itemId !== undefined)]);
  };
  return {
    async measure(ctx, data, input) {
      const text = typed(input.text);
      if (!text) return reask("measure", { ...data }, regMsg.needText());
      const none = noPart(ctx, data, "measure", text);
      if (none) return none;
      const aside = notAnAnswer(ctx, text);
      if (aside) return stillWaiting("measure", { ...data }, aside, regMsg.waitingForAnswer());
      // "hằng ngày phân loại rác": a frequency said with the measure is the timeframe, not asked again.
      const said = withoutParticle(text);
      const often = readItem(said).timeframe;
      return go(
        ctx,
        patchCurrent(data, (item) => ({
          ...item,
          measure: cleanAnswer(said, MAX_FIELD_LENGTH),
          ...(item.timeframe === null && often ? { timeframe: cleanAnswer(often, MAX_FIELD_LENGTH) } : {}),
          asked: [...item.asked, "measure"],
        })),
        cutNotice(position(data), "measure", said),
      );
    },
    async time(ctx, data, input) {
      const chosen = regMsg.timeframeChoices(data.year).find((c) => c.value === input.choice);
      const answer = typed(input.text);
      const text = chosen?.label ?? (answer === null ? null : withoutParticle(answer));
      if (!text) return reask("time", { ...data }, regMsg.needText());
      const none = chosen ? null : noPart(ctx, data, "timeframe", text);
      if (none) return none;
      const aside = chosen ? null : notAnAnswer(ctx, text);
      if (aside) return stillWaiting("time", { ...data }, aside, regMsg.waitingForAnswer());
      return go(
        ctx,
        patchCurrent(data, (item) => ({ ...item, timeframe: cleanAnswer(text, MAX_FIELD_LENGTH), asked: [...item.asked, "timeframe"] })),
        cutNotice(position(data), "timeframe", text),
      );
    },
    async coach(ctx, data, input) {
      const exampleIndex = /^ex(\d)$/.exec(input.choice ?? "");
      if (exampleIndex) {
        const example = data.entry?.examples[Number(exampleIndex[1])];
        if (!example) return reask("coach", { ...data });
        return go(
          ctx,
          patchCurrent(data, (item) => rewrite(item, example)),
        );
      }
      if (input.choice === "rewrite") return at("retext", { ...data }, say(regMsg.askRewrite()));
      if (input.choice === "keep")
        return go(
          ctx,
          patchCurrent(data, (item) => ({ ...item, kept: true })),
          [keptVagueNotice()],
        );
      // A whole new text typed straight away counts as the rewrite ("khi nào họp chi bộ" does not).
      const text = typed(input.text);
      const aside = text ? notAnAnswer(ctx, text) : null;
      if (aside) return stillWaiting("coach", { ...data }, aside, aside.reply ? regMsg.waitingForCoach() : regMsg.pickFromList());
      if (text && text.split(/\s+/).length >= 4)
        return go(
          ctx,
          patchCurrent(data, (item) => rewrite(item, text)),
          cutNotice(position(data), "text", text),
        );
      return reask("coach", { ...data });
    },
    async retext(ctx, data, input) {
      const text = typed(input.text);
      if (!text) return reask("retext", { ...data }, regMsg.needText());
      const aside = notAnAnswer(ctx, text);
      if (aside) return stillWaiting("retext", { ...data }, aside, regMsg.waitingForAnswer());
      return go(
        ctx,
        patchCurrent(data, (item) => rewrite(item, text)),
        cutNotice(position(data), "text", text),
      );
    },
  };
}
