// Changing one saved item of a member's registration: its wording, measure or timeframe go back
// through the shared entry sub-flow (so the coach judges the changed item), its contents and the
// shortcoming it fixes are set here, or it is deleted.
import type { Choice } from "../../channels/types.ts";
import type { Input } from "../types.ts";
import { say, type MemberContext } from "../flow.ts";
import { lastYearShortcomings, type LoadedItem } from "../../db/registrations.ts";
import { COMMITMENT_CATEGORIES, MAX_FIELD_LENGTH, MAX_ITEMS, cleanAnswer } from "../../domain/registration-rules.ts";
import { CATEGORY_LABELS, regMsg } from "../../messages/registration.ts";
import { changeRegistrationItem, deleteRegistrationItem } from "../../usecases/register.ts";
import { ask, at, done, memberOf, pickedNumbers, reask, storedReasons, typed, type EntryItem, type RegData, type RegOutcome } from "./register-common.ts";
import { fieldMenu, load, showMenu } from "./register-member.ts";
import { newEntry } from "./register-entry.ts";
import { pickedId } from "../choices.ts";

export async function pickStep(ctx: MemberContext, data: Readonly<RegData>, input: Input): Promise<RegOutcome> {
  const id = pickedId(data.ids, input.choice);
  if (!id) return reask("pick", { ...data });
  return fieldMenu(ctx, data.year, id);
}

const verdictOf = (v: string | null): EntryItem["verdict"] => (v === "vague" ? "vague" : "concrete");

/** A saved item as an entry item, to be changed and judged again. */
export function entryOf(item: LoadedItem): EntryItem {
  const stored = storedReasons.safeParse(item.vagueReasons);
  const reasons = stored.success ? stored.data : [];
  return {
    position: item.position,
    text: item.text,
    measure: item.measure,
    timeframe: item.timeframe,
    categories: [item.category, ...item.categories.filter((c) => c !== item.category)],
    verdict: verdictOf(item.vagueVerdict),
    score: item.vagueScore ?? 0,
    reasons,
    kept: false,
    asked: [],
    round: 0,
    itemId: item.id,
    shortcoming: item.shortcoming,
  };
}

const contentChoices = (): Choice[] => COMMITMENT_CATEGORIES.map((c) => ({ value: c, label: CATEGORY_LABELS[c] }));

export async function fieldStep(ctx: MemberContext, data: Readonly<RegData>, input: Input): Promise<RegOutcome> {
  const year = data.year;
  const reg = await load(ctx, year);
  const item = reg?.items.find((i) => i.id === data.itemId);
  if (!item) return showMenu(ctx, year, [regMsg.gone()], reg);
  const editing = (): RegData => ({ year, itemId: item.id, entry: { ...newEntry("member", reg?.items.length ?? 0, MAX_ITEMS), items: [entryOf(item)] } });
  switch (input.choice) {
    case "text":
      return at("retext", editing(), say(regMsg.askTextEdit(item.text)));
    case "measure":
      return at("measure", editing(), say(regMsg.askMeasure(item.position, null)));
    case "time":
      return at("time", editing(), ask(regMsg.askTimeframe(item.position), regMsg.timeframeChoices(year)));
    case "cat":
      return at("editContents", { year, itemId: item.id }, ask(regMsg.askContentsEdit(), contentChoices()));
    case "short": {
      const last = await lastYearShortcomings(ctx.db, memberOf(ctx).id, year);
      const choices: Choice[] = [{ value: "none", label: regMsg.shortcomingNone() }, ...(last ? [{ value: "same", label: regMsg.shortcomingSame() }] : [])];
      return at("short", { year, itemId: item.id, lastShortcoming: last }, ask(regMsg.askShortcoming(last), choices));
    }
    case "del": {
      const result = await deleteRegistrationItem({ db: ctx.db }, { memberId: memberOf(ctx).id, year, itemId: item.id });
      if (result.kind === "refused") return result.code === "approved" ? done(say(result.reason)) : showMenu(ctx, year, [result.reason]);
      return showMenu(ctx, year, [regMsg.itemDeleted(item.position), ...(result.reopened ? [regMsg.reopened()] : [])]);
    }
    case "back":
      return showMenu(ctx, year, [], reg);
  }
  return reask("field", { ...data });
}

/** Saves one changed field of a saved item, then the review. */
async function saveField(ctx: MemberContext, data: Readonly<RegData>, patch: (item: EntryItem) => EntryItem): Promise<RegOutcome> {
  const reg = await load(ctx, data.year);
  const item = reg?.items.find((i) => i.id === data.itemId);
  if (!item) return showMenu(ctx, data.year, [regMsg.gone()], reg);
  const changed = patch(entryOf(item));
  const [category = item.category] = changed.categories;
  const result = await changeRegistrationItem(
    { db: ctx.db },
    {
      memberId: memberOf(ctx).id,
      year: data.year,
      itemId: item.id,
      item: {
        category,
        categories: changed.categories,
        text: changed.text,
        measure: changed.measure,
        timeframe: changed.timeframe,
        shortcoming: changed.shortcoming,
        vague: item.vagueVerdict ? { verdict: item.vagueVerdict, score: item.vagueScore ?? 0, reasons: changed.reasons } : null,
        kept: item.vagueKept,
      },
    },
  );
  if (result.kind === "refused") return result.code === "approved" ? done(say(result.reason)) : showMenu(ctx, data.year, [result.reason]);
  return showMenu(ctx, data.year, [regMsg.itemChanged(item.position), ...(result.reopened ? [regMsg.reopened()] : [])]);
}

/** "2 3": the contents of the item, the main one first. */
export async function editContentsStep(ctx: MemberContext, data: Readonly<RegData>, input: Input): Promise<RegOutcome> {
  const one = COMMITMENT_CATEGORIES.find((c) => c === input.choice);
  const picked = one ? [one] : (pickedNumbers(input.text, 3) ?? []).map((n) => COMMITMENT_CATEGORIES[n - 1]).filter((c) => c !== undefined);
  if (picked.length === 0) return reask("editContents", { ...data });
  return saveField(ctx, data, (item) => ({ ...item, categories: picked }));
}

export async function shortStep(ctx: MemberContext, data: Readonly<RegData>, input: Input): Promise<RegOutcome> {
  let shortcoming: string | null;
  if (input.choice === "none") shortcoming = null;
  else if (input.choice === "same" && data.lastShortcoming) shortcoming = cleanAnswer(data.lastShortcoming, MAX_FIELD_LENGTH);
  else {
    const text = typed(input.text);
    if (!text) return reask("short", { ...data }, regMsg.needText());
    shortcoming = cleanAnswer(text, MAX_FIELD_LENGTH);
  }
  return saveField(ctx, data, (item) => ({ ...item, shortcoming }));
}
