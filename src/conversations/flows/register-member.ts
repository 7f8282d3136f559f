// A member's own registration (/dangky): the items typed in one message (or step by step) through
// the shared item-entry sub-flow, then the contents that are still missing, then one review that
// carries the pledge, so "Đúng, gửi chi ủy" accepts it and sends in one answer. Coming back with
// /dangky shows the review with what can be done in the current status.
//
// Ids never come from the member: the data keeps the ids of the items offered in a list, choice
// values are indexes or short words, and every write is keyed by the member's own id.
import type { Choice } from "../../channels/types.ts";
import type { Input } from "../types.ts";
import { say, type MemberContext } from "../flow.ts";
import {
  findTheme,
  lastYearShortcomings,
  loadRegistration,
  vaguenessContext,
  type ItemInput,
  type LoadedItem,
  type LoadedRegistration,
} from "../../db/registrations.ts";
import { labelledContent, readItem } from "../../domain/registration-reader/index.ts";
import {
  MAX_ITEMS,
  canAddItem,
  canDeleteDraft,
  canSubmit,
  canWithdraw,
  checkItems,
  missingContents,
  leadingRegistrationYear,
  offeredYears,
  registrationYear,
  sortContents,
  type RegistrationStatusValue,
  type YearState,
} from "../../domain/registration-rules.ts";
import { inferRoleKind } from "../../domain/role-kind.ts";
import { fold } from "../../domain/text.ts";
import { suggestExamples } from "../../domain/commitment-templates.ts";
import { regMsg } from "../../messages/registration.ts";
import { changeRegistrationItem, registerItems } from "../../usecases/register.ts";
import { deleteRegistrationDraft, withdrawRegistration } from "../../usecases/withdraw-registration.ts";
import { submitRegistration } from "../../usecases/submit-registration.ts";
import {
  ask,
  at,
  coachExamples,
  done,
  joined,
  memberOf,
  pickedNumbers,
  reask,
  typed,
  type EntryItem,
  type EntryState,
  type RegData,
  type RegOutcome,
} from "./register-common.ts";
import { newEntry, notAnAnswer, roomLeft, stillWaiting, takeItems, type EntryHost } from "./register-entry.ts";
import { useCaseDeps } from "./committee-common.ts";
import { entryOf } from "./register-edit.ts";
import { DONE_WORDS, SEND_WORDS, choiceWithNumber, stableChoices } from "../choices.ts";

export const load = (ctx: MemberContext, year: number): Promise<LoadedRegistration | null> => loadRegistration(ctx.db, memberOf(ctx).id, year);

/**
 * /dangky: the year (from November next year's and this year's, each with where it stands, unless
 * one of them is all there is to do), then the entry or the review. `onBehalf`: a secretary
 * entering a member's cannot name a year, so this year's is asked rather than left to
 * "/dangky <year>".
 */
export async function memberStart(ctx: MemberContext, args: string, onBehalf = false): Promise<RegOutcome> {
  const current = registrationYear(ctx.now, ctx.zone);
  const asked = /^\d{4}$/.test(args.trim()) ? Number(args.trim()) : null;
  if (asked !== null && (asked === current || asked === current + 1)) return openYear(ctx, asked);
  // Each year's registration is read once: its state decides the offer, and the same row is shown.
  const nextOpen = leadingRegistrationYear(ctx.now, ctx.zone) > current;
  const [thisReg, nextReg] = await Promise.all([load(ctx, current), nextOpen ? load(ctx, current + 1) : null]);
  const loaded = new Map([
    [current, thisReg],
    [current + 1, nextReg],
  ]);
  const offer = offeredYears(ctx.now, ctx.zone, stateOf(thisReg), stateOf(nextReg));
  const years = onBehalf && offer.named !== null ? [...offer.years, offer.named] : offer.years;
  const [first] = years;
  if (years.length === 1 && first !== undefined) return openYear(ctx, first, undefined, onBehalf ? null : offer.named, loaded.get(first) ?? null);
  return at("year", { year: current, years }, ask(regMsg.askYear(), yearChoices(years, loaded)));
}

const stateOf = (reg: LoadedRegistration | null): YearState | null => (reg ? { status: reg.status, items: reg.items.length } : null);

/** The years offered, each with where its registration stands. */
function yearChoices(years: readonly number[], loaded: ReadonlyMap<number, LoadedRegistration | null>): Choice[] {
  return years.map((y) => ({ value: String(y), label: regMsg.yearLabel(y, stateOf(loaded.get(y) ?? null)) }));
}

async function loadYears(ctx: MemberContext, years: readonly number[]): Promise<Map<number, LoadedRegistration | null>> {
  return new Map(await Promise.all(years.map(async (y) => [y, await load(ctx, y)] as const)));
}

/** Items pasted rather than a year picked: a text of a few words, not one of the choices. */
const looksLikeItems = (text: string | null): text is string => text !== null && text.split(/\s+/).length >= 4;

/**
 * A short sentence naming one of the offered years ("Tôi đăng ký năm 2027", "năm sau"): the year
 * picked in words. Items pasted often name a year too, but run longer or over several lines.
 */
function yearInWords(text: string | null, years: readonly number[], current: number): number | undefined {
  if (text === null || /\n/.test(text) || text.split(/\s+/).length > 8) return undefined;
  const plain = fold(text);
  const named = years.filter((y) => plain.includes(String(y)));
  if (named.length === 1) return named[0];
  if (named.length > 1) return undefined;
  if (/\bnam (sau|toi)\b/.test(plain) && years.includes(current + 1)) return current + 1;
  if (/\bnam nay\b/.test(plain) && years.includes(current)) return current;
  return undefined;
}

export async function yearStep(ctx: MemberContext, data: Readonly<RegData>, input: Input): Promise<RegOutcome> {
  const year = (data.years ?? []).find((y) => String(y) === input.choice);
  if (year !== undefined) return openYear(ctx, year, data.pasted);
  // Items typed straight after /dangky: kept, and only the year is asked, so the member's next
  // answer (the year) costs no more than it would have before them. Neither year is assumed: the
  // two offered are next year's and this year's unsent one, and either may be meant.
  const text = typed(input.text);
  const named = input.choice === undefined ? yearInWords(text, data.years ?? [], data.year) : undefined;
  if (named !== undefined) return openYear(ctx, named, data.pasted);
  // "khi nào họp chi bộ" is a question, not items to keep for a year.
  const aside = input.choice === undefined && text !== null ? notAnAnswer(ctx, text) : null;
  if (aside) return stillWaiting("year", { ...data }, aside, regMsg.pickFromList());
  if (input.choice === undefined && looksLikeItems(text)) {
    const years = data.years ?? [];
    // Items sent as several messages are all kept, in order.
    const pasted = data.pasted ? `${data.pasted}\n${text}` : text;
    return at("year", { ...data, pasted }, ask(regMsg.askYearForItems(), yearChoices(years, await loadYears(ctx, years))));
  }
  return reask("year", { ...data });
}

/**
 * `named`: a year left out of the question, named in the first message ("/dangky <year>").
 * `given`: the registration already read (null: there is none), not read again.
 */
async function openYear(
  ctx: MemberContext,
  year: number,
  pasted?: string,
  named: number | null = null,
  given?: LoadedRegistration | null,
): Promise<RegOutcome> {
  const reg = given === undefined ? await load(ctx, year) : given;
  if (pasted !== undefined && reg?.status !== "APPROVED") {
    const base = reg?.items.length ?? 0;
    const entry = { ...newEntry("member", base, MAX_ITEMS), ...(base > 0 ? { pledgeUnseen: true } : {}) };
    if (roomLeft(entry) > 0) return takeItems(ctx, { year, entry }, entry, pasted, memberHost);
    return showMenu(ctx, year, [regMsg.tooMany()], reg, false, "full");
  }
  // An approved registration is only shown (it is locked); an empty one starts the entry.
  if (reg?.status !== "APPROVED" && (!reg || reg.items.length === 0)) return startEntry(ctx, year, 0, true, [], false, false, named);
  return showMenu(ctx, year, [], reg, false, "full");
}

/**
 * Asks for the items: the intro, or the next item's number (in the same message as `lead`, so what
 * was saved reads as the start of the question, not as a reply about an item not typed yet). The
 * intro is no menu (one option, "Nhập từng bước", cost the member an answer): it asks for the items
 * and says the word that goes step by step. A member who went step by step stays in it.
 */
async function startEntry(
  ctx: MemberContext,
  year: number,
  saved: number,
  intro: boolean,
  lead: string[] = [],
  stepwise = false,
  pledgeUnseen = false,
  named: number | null = null,
): Promise<RegOutcome> {
  const member = memberOf(ctx);
  const entry = { ...newEntry("member", saved, MAX_ITEMS, stepwise), ...(pledgeUnseen ? { pledgeUnseen: true } : {}) };
  const example = suggestExamples(inferRoleKind(member.position, member.unit.name), "STUDY", 1, saved)[0];
  if (!intro) return at("items", { year, entry }, say([...lead, regMsg.askItem(saved + 1, example)].join("\n")));
  const [theme, shortcoming] = await Promise.all([findTheme(ctx.db, member.unitId, year), lastYearShortcomings(ctx.db, member.id, year)]);
  const text = regMsg.intro({ fullName: member.fullName, year, theme: theme?.title ?? null, example, shortcoming, otherYear: named });
  return at("items", { year, entry }, ...joined(lead), say(text));
}

/**
 * "từng bước" (the intro's word for step by step), or what the intro's old one-option menu took
 * ("1", "nhập từng bước"), typed from habit: it goes step by step, and is never read as an item.
 */
export const isStepwiseAnswer = (text: string): boolean => /^(?:1|(?:nhap )?tung buoc)[.)!]?$/.test(fold(text).trim());

/** Step by step from here: the next item is asked (also the answer to the intro's menu of a conversation stored before it went). */
export function stepwiseEntry(ctx: MemberContext, data: Readonly<RegData>, entry: EntryState): RegOutcome {
  const member = memberOf(ctx);
  const example = suggestExamples(inferRoleKind(member.position, member.unit.name), "STUDY", 1, entry.base)[0];
  return at("items", { ...data, entry: { ...entry, stepwise: true } }, say(regMsg.askItem(entry.base + entry.items.length + 1, example)));
}

export const memberHost: EntryHost = {
  async context(ctx, data) {
    const member = memberOf(ctx);
    const [theme, context] = await Promise.all([
      findTheme(ctx.db, member.unitId, data.year),
      vaguenessContext(ctx.db, { memberId: member.id, unitId: member.unitId, year: data.year }),
    ]);
    return { ...(theme ? { themeTitle: theme.title } : {}), ...context };
  },
  examples(ctx, item, avoid) {
    const member = memberOf(ctx);
    return coachExamples(inferRoleKind(member.position, member.unit.name), item.categories[0] ?? "STUDY", item.round, avoid);
  },
  async saved(ctx, data) {
    return (await load(ctx, data.year))?.items ?? [];
  },
  finish: finishEntry,
  // "để sau" at a part's question: saved as it is, as the contents question's "Để sau" saves.
  later: (ctx, data, entry, lead) => save(ctx, data.year, entry, lead, "later"),
};

const inputOf = (item: EntryItem): ItemInput => {
  const [category = "FOLLOW"] = item.categories;
  return {
    category,
    categories: sortContents(item.categories),
    text: item.text,
    measure: item.measure,
    timeframe: item.timeframe,
    shortcoming: item.shortcoming,
    vague: { verdict: item.verdict, score: item.score, reasons: item.reasons },
    kept: item.kept,
  };
};

/**
 * The items offered at "Việc nào gồm cả …?", by their number: the items saved earlier in this
 * registration (a "Thêm một việc" saves the ones before it) and the new ones, so "2" is Việc 2 and
 * any item may take the missing content. `saved`: the saved item (absent for a new one).
 */
type Offered = { position: number; text: string; index?: number; saved?: LoadedItem };
function offeredItems(reg: LoadedRegistration | null, entry: EntryState): Offered[] {
  const saved = (reg?.items ?? []).filter((s) => !entry.items.some((i) => i.itemId === s.id)).map((s) => ({ position: s.position, text: s.text, saved: s }));
  const fresh = entry.items.map((item, index) => ({ position: item.position, text: item.text, index }));
  return [...saved, ...fresh].sort((a, b) => a.position - b.position);
}

/** New items: first the contents no item covers yet (one question per content), then save. */
async function finishEntry(ctx: MemberContext, data: Readonly<RegData>, entry: EntryState, lead: string[]): Promise<RegOutcome> {
  const fresh = entry.items.filter((i) => i.itemId === undefined);
  if (fresh.length > 0) {
    const reg = await load(ctx, data.year);
    const missing = missingContents([...(reg?.items ?? []), ...fresh.map((i) => ({ category: i.categories[0] ?? "FOLLOW", categories: i.categories }))]);
    if (missing.length > 0) {
      const offered = offeredItems(reg, entry);
      const ids = offered.flatMap((o) => (o.saved ? [o.saved.id] : []));
      const n = offered.length;
      const choices: Choice[] = [
        ...offered.map((o) => ({
          value: o.saved ? `s${ids.indexOf(o.saved.id)}` : `i${o.index ?? 0}`,
          label: regMsg.contentsItem(o.position, o.text),
        })),
        ...(n > 1 ? [{ value: "all", label: regMsg.contentsAll(n) }] : []),
        ...(canAddItem(entry.base + entry.items.length) ? [{ value: "add", label: regMsg.addAnother() }] : []),
        { value: "later", label: regMsg.menu.later },
      ];
      return at("contents", { ...data, entry, ids }, ...joined(lead), ask(regMsg.askContents(missing, n), choices));
    }
  }
  return save(ctx, data.year, entry, lead);
}

async function save(ctx: MemberContext, year: number, entry: EntryState, lead: string[], after: "review" | "add" | "later" = "review"): Promise<RegOutcome> {
  const deps = { db: ctx.db };
  const memberId = memberOf(ctx).id;
  const fresh = entry.items.filter((i) => i.itemId === undefined);
  const said = [...lead];
  const changed: string[] = [];
  let added = false;
  let reopened = false;
  if (fresh.length > 0) {
    const result = await registerItems(deps, { memberId, year, items: fresh.map(inputOf) });
    if (result.kind === "refused") return result.code === "approved" ? done(say(result.reason)) : showMenu(ctx, year, [...said, result.reason]);
    added = true;
    reopened = result.reopened;
  }
  // A saved item left as it was ("giữ nguyên" at its measure) is not saved again: nothing changed,
  // and a registration already sent is not put back to a draft for it.
  const edited = entry.items.some((i) => i.itemId !== undefined) ? changedItems(entry.items, (await load(ctx, year))?.items ?? []) : [];
  for (const item of edited) {
    const result = await changeRegistrationItem(deps, { memberId, year, itemId: item.itemId, item: inputOf(item) });
    if (result.kind === "refused") return result.code === "approved" ? done(say(result.reason)) : showMenu(ctx, year, [...said, result.reason]);
    changed.push(regMsg.itemChanged(item.position));
    reopened ||= result.reopened;
  }
  const reg = await load(ctx, year);
  // Before the next item is asked, "2 việc" would read as if the new one were saved already; after
  // a second item, "1 việc" alone would read as the whole registration, so the total is said too.
  if (added) {
    const numbers = fresh.map((i) => i.position);
    said.push(after === "add" ? regMsg.savedItems(numbers, reg?.status) : regMsg.saved(fresh.length, reg?.items.length, reg?.status));
  }
  said.push(...changed);
  if (reopened) said.push(regMsg.reopened());
  if (after === "later") return done(say([...said, keptLater(ctx, reg?.status)].join("\n")));
  // The pledge in full at the first review of new items; after an edit, one line recalls it.
  const unseen = entry.base === 0 || entry.pledgeUnseen === true;
  // "Thêm một việc" at the contents question saves these items before any review: the next entry
  // starts from a base above 0 yet the pledge is still unseen (its review only recalled "the pledge
  // above", never shown in this conversation), so the entry carries it on.
  if (after === "add") return startEntry(ctx, year, reg?.items.length ?? 0, false, said, entry.stepwise, unseen);
  return showMenu(ctx, year, said, reg, fresh.length > 0, fresh.length > 0 && unseen ? "full" : "short");
}

/**
 * "Để sau": what was saved stays, and the command that opens it again. The secretary entering a
 * member's registration reaches it only with the member's name: plain /dangky opens their own.
 */
function keptLater(ctx: MemberContext, status: RegistrationStatusValue | undefined): string {
  const again = ctx.subjectId === undefined ? "/dangky" : `/dangky ${memberOf(ctx).fullName}`;
  return status === "RETURNED" ? regMsg.returnedKept(again) : regMsg.draftKept(again);
}

/**
 * /huy during a member's entry: what is settled is saved to the draft, as "Để sau" saves it: the new
 * items already accepted (those before the one being asked about, or all once none is), and a saved
 * item whose wording, measure or timeframe the member changed (the change is theirs, even while the
 * coach still asks about it). The new item being asked about and any after it are dropped. What to
 * tell, or null when nothing was saved.
 */
export async function keepAccepted(ctx: MemberContext, data: Readonly<RegData>, again: string): Promise<string | null> {
  const entry = data.entry;
  if (!entry || entry.kind !== "member" || data.pasted !== undefined) return null;
  const deps = { db: ctx.db };
  const memberId = memberOf(ctx).id;
  const fresh = entry.items.filter((i) => i.itemId === undefined);
  const accepted = entry.items.slice(0, entry.cursor).filter((i) => i.itemId === undefined);
  const edited = entry.items.some((i) => i.itemId !== undefined) ? changedItems(entry.items, (await load(ctx, data.year))?.items ?? []) : [];
  let kept: number[] = [];
  let reopened = false;
  if (accepted.length > 0) {
    const result = await registerItems(deps, { memberId, year: data.year, items: accepted.map(inputOf) });
    if (result.kind === "done") [kept, reopened] = [result.positions, result.reopened];
  }
  const changed: number[] = [];
  for (const item of edited) {
    const result = await changeRegistrationItem(deps, { memberId, year: data.year, itemId: item.itemId, item: inputOf(item) });
    if (result.kind !== "done") continue;
    changed.push(item.position);
    reopened ||= result.reopened;
  }
  if (kept.length === 0 && changed.length === 0) return null;
  const dropped = fresh.filter((i) => !accepted.includes(i)).map((i) => i.position);
  const status = (await load(ctx, data.year))?.status;
  // An edit's entry counts the registration's items as its base: none of them is "saved earlier" news.
  return regMsg.stoppedKeeping({ kept, changed, dropped, saved: changed.length > 0 ? 0 : entry.base, reopened, again, status });
}

/** The saved items being changed in this entry whose wording, measure, timeframe or contents differ from what is saved. */
function changedItems(items: readonly EntryItem[], saved: readonly LoadedRegistration["items"][number][]): Array<EntryItem & { itemId: string }> {
  return items.flatMap((item) => {
    const was = saved.find((s) => s.id === item.itemId);
    if (item.itemId === undefined || !was) return [];
    const same =
      was.text === item.text &&
      was.measure === item.measure &&
      was.timeframe === item.timeframe &&
      sortContents(was.categories).join() === sortContents(item.categories).join() &&
      was.category === item.categories[0];
    return same ? [] : [{ ...item, itemId: item.itemId }];
  });
}

/**
 * A new item typed at "Việc nào gồm cả …?" rather than one of its options ("lam theo: giúp 1 hộ
 * nghèo mỗi quý"): one sent per message, as on a phone. Labelled with its content, or read as a
 * whole item (a few words with a measure or a timeframe) that names no item of the list.
 */
function typedItem(text: string): boolean {
  if (labelledContent(text) !== null) return true;
  const plain = fold(text);
  if (text.split(/\s+/).length < 4 || /\bviec\s*(?:so\s*)?\d/.test(plain) || /\bca\s+(?:\d+\s+)?viec\b/.test(plain)) return false;
  const read = readItem(text);
  return read.measure !== null || read.timeframe !== null;
}

/** "2 3": the items that also cover the missing content. */
export async function contentsStep(ctx: MemberContext, data: Readonly<RegData>, input: Input): Promise<RegOutcome> {
  const entry = data.entry;
  if (!entry) return showMenu(ctx, data.year);
  if (input.choice === "add") return save(ctx, data.year, entry, [], "add");
  if (input.choice === "later") return save(ctx, data.year, entry, [], "later");
  const reg = await load(ctx, data.year);
  const offered = offeredItems(reg, entry);
  const one = /^([is])(\d+)$/.exec(input.choice ?? "");
  const chosen = (o: Offered): boolean => {
    if (!one) return false;
    return one[1] === "i" ? o.index === Number(one[2]) : o.saved !== undefined && o.saved.id === data.ids?.[Number(one[2])];
  };
  const numbers = input.choice === undefined ? pickedNumbers(input.text, offered.length) : null;
  const picked = input.choice === "all" ? offered : one ? offered.filter(chosen) : numbers ? offered.filter((_, i) => numbers.includes(i + 1)) : [];
  if (picked.length === 0) {
    const text = input.choice === undefined ? typed(input.text) : null;
    // "lam theo: …" typed as the next item: "Thêm một việc" with that text, within the usual limit
    // and with the usual questions; the contents still missing are asked again after it.
    if (text !== null) {
      const aside = notAnAnswer(ctx, text);
      if (aside) return stillWaiting("contents", { ...data }, aside, regMsg.pickFromList());
      if (typedItem(text)) return takeItems(ctx, { ...data, entry }, entry, text, memberHost);
    }
    return reask("contents", { ...data });
  }
  const all = [...(reg?.items ?? []), ...entry.items.map((i) => ({ category: i.categories[0] ?? "FOLLOW", categories: i.categories }))];
  const [missing] = missingContents(all);
  if (!missing) return finishEntry(ctx, data, entry, []);
  // A saved item picked takes the content at once (it is saved already); a new one when it is saved.
  for (const o of picked) {
    if (!o.saved || o.saved.categories.includes(missing)) continue;
    const item = { ...entryOf(o.saved), kept: o.saved.vagueKept };
    const result = await changeRegistrationItem(
      { db: ctx.db },
      { memberId: memberOf(ctx).id, year: data.year, itemId: o.saved.id, item: inputOf({ ...item, categories: [...item.categories, missing] }) },
    );
    if (result.kind === "refused") return result.code === "approved" ? done(say(result.reason)) : showMenu(ctx, data.year, [result.reason]);
  }
  const items = entry.items.map((item, i) => (picked.some((o) => o.index === i) ? { ...item, categories: [...item.categories, missing] } : item));
  return finishEntry(ctx, data, { ...entry, items }, []);
}

/**
 * The menu under the review, shown again after each change in one conversation. Within a status
 * only "Thêm một việc" comes and goes (the third item added or deleted), so it is the last option:
 * the others keep their numbers ("2" stays "Sửa hoặc xóa một việc"), and a member who learned them
 * is not sent to another option (stableChoices keeps them for any other gap).
 */
function menuChoices(reg: LoadedRegistration, confirm: boolean): Choice[] {
  const m = regMsg.menu;
  const add = canAddItem(reg.items.length) ? { value: "add", label: m.add } : null;
  if (reg.status === "SUBMITTED") {
    return stableChoices([
      { value: "edit", label: m.editSubmitted },
      canWithdraw(reg.status) ? { value: "withdraw", label: m.withdraw } : null,
      { value: "later", label: m.keep },
      add,
    ]);
  }
  const complete = checkItems(reg.items).length === 0;
  return stableChoices([
    canSubmit(reg.status)
      ? confirm && complete
        ? { value: "submit", label: m.confirm, words: [...DONE_WORDS, ...SEND_WORDS] }
        : { value: "submit", label: m.submit, words: SEND_WORDS }
      : null,
    reg.items.length > 0 ? { value: "edit", label: m.edit } : null,
    canDeleteDraft(reg.status) ? { value: "drop", label: m.drop } : null,
    { value: "later", label: m.later },
    add,
  ]);
}

/**
 * The review and what can be done now; `lead` first. While the pledge is not accepted, the review
 * carries its whole text at the first review of a conversation (`pledge` "full"), and one line that
 * recalls it after each edit, so a member on a phone does not scroll past it again and again.
 */
export async function showMenu(
  ctx: MemberContext,
  year: number,
  lead: string[] = [],
  given?: LoadedRegistration | null,
  confirm = false,
  pledge: "full" | "short" = "short",
): Promise<RegOutcome> {
  const reg = given === undefined ? await load(ctx, year) : given;
  if (!reg || (reg.items.length === 0 && reg.status !== "APPROVED")) return startEntry(ctx, year, 0, true, lead);
  const last = reg.status === "RETURNED" ? reg.reviews[0] : undefined;
  const review = regMsg.review({
    year,
    status: reg.status,
    items: reg.items,
    pledgeAccepted: reg.pledgeAccepted,
    pledge,
    submittedAt: reg.submittedAt,
    zone: ctx.zone,
    lastComment: last ? { text: last.text, author: last.author.fullName, at: last.createdAt } : null,
  });
  // One message, as the menu below: the review and why it cannot change belong together.
  if (reg.status === "APPROVED") return done(...joined([...lead, review, regMsg.approvedNoChange()]));
  const problems = checkItems(reg.items);
  const lines = [...lead, review, ...(problems.length > 0 ? [regMsg.problems(problems, reg.items.length)] : [])];
  const unsent = reg.status === "DRAFT" || reg.status === "RETURNED" ? { unsent: reg.status } : {};
  return at(
    "menu",
    { year, ...unsent },
    ask(`${lines.join("\n")}\n${confirm && problems.length === 0 ? regMsg.confirmAsk() : regMsg.menuAsk()}`, menuChoices(reg, confirm)),
  );
}

export async function menuStep(ctx: MemberContext, data: Readonly<RegData>, input: Input): Promise<RegOutcome> {
  const year = data.year;
  const reg = await load(ctx, year);
  if (!reg) return startEntry(ctx, year, 0, true);
  if (reg.status === "APPROVED") return done(say(regMsg.approvedLocked(year)));
  const choices = menuChoices(reg, true);
  const offered = choices.map((c) => c.value);
  // "sửa việc 3": the item is named with the option, so its parts are asked at once.
  const named = input.choice === undefined ? choiceWithNumber(choices, input.text) : undefined;
  const item = named?.choice.value === "edit" ? reg.items.find((i) => i.position === named.n) : undefined;
  if (item) return fieldMenu(ctx, year, item.id);
  // The status may have changed since the menu was shown (the chi ủy returned it, say).
  if (input.choice === undefined || !offered.includes(input.choice))
    return input.choice === undefined ? reask("menu", { ...data }) : showMenu(ctx, year, [], reg);
  const deps = { db: ctx.db, now: ctx.now };
  const memberId = memberOf(ctx).id;
  switch (input.choice) {
    case "submit": {
      // The actor is the one who pressed "gửi": entering for a member, ctx.actor.member is that
      // member, while the identity still belongs to the secretary.
      const actorId = ctx.actor.identity.member.id;
      const result = await submitRegistration(useCaseDeps(ctx), { memberId, year, acceptPledge: true, actorId });
      if (result.kind === "done")
        return done(say([regMsg.submitted(ctx.now, ctx.zone), ...(result.secretariesTold ? [] : [regMsg.secretaryNotTold()])].join("\n")));
      // The review above already lists what is missing; shown again without a word, the member
      // could not tell that nothing was sent. One line says so, with the options again.
      if (result.code === "incomplete")
        return at("menu", { ...data }, ask(`${regMsg.notSentYet(regMsg.problems(result.problems, reg.items.length))}\n${regMsg.menuAsk()}`, choices));
      return showMenu(ctx, year, [result.reason]);
    }
    case "add":
      return startEntry(ctx, year, reg.items.length, false);
    case "edit": {
      const [only] = reg.items;
      if (reg.items.length === 1 && only) return fieldMenu(ctx, year, only.id);
      const choices = reg.items.map((item, i) => ({ value: String(i), label: regMsg.contentsItem(item.position, item.text) }));
      return at("pick", { year, ids: reg.items.map((i) => i.id) }, ask(regMsg.pickItem(), choices));
    }
    case "withdraw": {
      const result = await withdrawRegistration(deps, { memberId, year });
      return showMenu(ctx, year, [result.kind === "done" ? regMsg.withdrawn() : result.reason]);
    }
    case "drop":
      return at(
        "drop",
        { year },
        ask(regMsg.confirmDrop(), [
          { value: "yes", label: regMsg.dropYes() },
          { value: "no", label: regMsg.dropNo() },
        ]),
      );
    default:
      return done(say(reg.status === "SUBMITTED" ? regMsg.submittedKept() : keptLater(ctx, reg.status)));
  }
}

export async function dropStep(ctx: MemberContext, data: Readonly<RegData>, input: Input): Promise<RegOutcome> {
  if (input.choice === "yes") {
    const result = await deleteRegistrationDraft({ db: ctx.db }, { memberId: memberOf(ctx).id, year: data.year });
    return result.kind === "done" ? done(say(regMsg.dropped())) : showMenu(ctx, data.year, [result.reason]);
  }
  if (input.choice === "no") return showMenu(ctx, data.year);
  return reask("drop", { ...data });
}

export async function fieldMenu(ctx: MemberContext, year: number, itemId: string): Promise<RegOutcome> {
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
  return at("field", { year, itemId }, ask(regMsg.pickField(item.position), choices));
}
