// /dangky chibo: the secretary (or deputy) registers the cell's 1–2 collective items through the
// same item-entry sub-flow as a member's items (one message, the coach at once). Each saved,
// changed or deleted item writes an audit row (in the use case).
import type { Choice } from "../../channels/types.ts";
import type { Input } from "../types.ts";
import { say, type MemberContext } from "../flow.ts";
import { findTheme, lastYearCollectiveTexts, listCollective } from "../../db/registrations.ts";
import { MAX_COLLECTIVE_ITEMS, canAddCollectiveItem, registrationYear } from "../../domain/registration-rules.ts";
import { inferRoleKind } from "../../domain/role-kind.ts";
import { fold } from "../../domain/text.ts";
import { collectiveMsg, regMsg } from "../../messages/registration.ts";
import { msg } from "../../messages/common.ts";
import { deleteCollectiveItem, saveCollectiveItems } from "../../usecases/register-collective.ts";
import { ask, at, coachExamples, done, joined, memberOf, reask, type EntryItem, type RegData, type RegOutcome } from "./register-common.ts";
import { newEntry, type EntryHost } from "./register-entry.ts";
import { pickedId, stableChoices } from "../choices.ts";

export const isCollectiveArgs = (args: string): boolean => ["chibo", "chi bo"].includes(fold(args));

/** Secretary or deputy only; a plain member hears that it is the chi ủy's job. */
export function collectiveRefusal(ctx: MemberContext): string | null {
  if (!ctx.actor.isCommittee) return msg.committeeOnly();
  if (!ctx.actor.isSecretary) return msg.secretaryOnly();
  return null;
}

async function showList(ctx: MemberContext, year: number, lead: string[] = []): Promise<RegOutcome> {
  const member = memberOf(ctx);
  const items = await listCollective(ctx.db, member.unitId, year);
  const m = collectiveMsg.menu;
  // Shown again after each change: an option keeps its number while "Thêm" or "Sửa"/"Xóa" come and go.
  const choices: Choice[] = stableChoices([
    canAddCollectiveItem(items.length) ? { value: "add", label: m.add } : null,
    items.length > 0 ? { value: "edit", label: m.edit } : null,
    items.length > 0 ? { value: "del", label: m.del } : null,
    { value: "done", label: m.done },
  ]);
  return at("cmenu", { year }, ...joined(lead), say(collectiveMsg.list({ unitName: member.unit.name, year, items })), ask(regMsg.menuAsk(), choices));
}

export async function collectiveStart(ctx: MemberContext): Promise<RegOutcome> {
  const refused = collectiveRefusal(ctx);
  if (refused) return done(say(refused));
  const member = memberOf(ctx);
  const year = registrationYear(ctx.now, ctx.zone);
  const items = await listCollective(ctx.db, member.unitId, year);
  if (items.length > 0) return showList(ctx, year);
  const theme = await findTheme(ctx.db, member.unitId, year);
  return at(
    "items",
    { year, entry: newEntry("cell", 0, MAX_COLLECTIVE_ITEMS) },
    say(collectiveMsg.intro({ unitName: member.unit.name, year, theme: theme?.title ?? null })),
    say(collectiveMsg.askText(1)),
  );
}

export const cellHost: EntryHost = {
  async context(ctx, data) {
    const member = memberOf(ctx);
    const [theme, items, lastYear] = await Promise.all([
      findTheme(ctx.db, member.unitId, data.year),
      listCollective(ctx.db, member.unitId, data.year),
      lastYearCollectiveTexts(ctx.db, member.unitId, data.year),
    ]);
    const editing = new Set((data.entry?.items ?? []).map((i) => i.itemId));
    const others = items.filter((i) => !editing.has(i.id)).map((i) => i.text);
    return { ...(theme ? { themeTitle: theme.title } : {}), cellTexts: others, ownLastYearTexts: lastYear };
  },
  // Collective items are about the cell's work: the "làm theo" examples of the cell's kind.
  examples: (ctx, item, avoid) => coachExamples(inferRoleKind(null, memberOf(ctx).unit.name), "FOLLOW", item.round, avoid),
  saved: (ctx, data) => listCollective(ctx.db, memberOf(ctx).unitId, data.year),
  async finish(ctx, data, entry, lead) {
    // Everything typed was already saved (pasted again): only the list.
    if (entry.items.length === 0) return showList(ctx, data.year, lead);
    const member = memberOf(ctx);
    const result = await saveCollectiveItems(
      { db: ctx.db },
      {
        unitId: member.unitId,
        year: data.year,
        actorId: member.id,
        items: entry.items.map(collectiveInput),
      },
    );
    if (result.kind === "refused") return showList(ctx, data.year, [...lead, result.reason]);
    return showList(ctx, data.year, [...lead, collectiveMsg.saved(result.positions)]);
  },
};

const collectiveInput = (i: EntryItem) => ({
  ...(i.itemId ? { itemId: i.itemId } : {}),
  item: { text: i.text, measure: i.measure, timeframe: i.timeframe, vague: { verdict: i.verdict, score: i.score, reasons: i.reasons }, kept: i.kept },
});

/**
 * /huy during the cell's entry: as for a member's items, the items already accepted are saved, and an
 * item being changed is saved with its change; the one being asked about (and after it) is not.
 * What to tell, or null when nothing was saved.
 */
export async function keepCollective(ctx: MemberContext, data: Readonly<RegData>, again: string): Promise<string | null> {
  const entry = data.entry;
  if (!entry || entry.kind !== "cell" || collectiveRefusal(ctx)) return null;
  const member = memberOf(ctx);
  const saved = entry.items.some((i) => i.itemId !== undefined) ? await listCollective(ctx.db, member.unitId, data.year) : [];
  const changed = (i: EntryItem) => {
    const was = saved.find((s) => s.id === i.itemId);
    return was !== undefined && (was.text !== i.text || was.measure !== i.measure || was.timeframe !== i.timeframe);
  };
  const settled = entry.items.filter((i, n) => (i.itemId === undefined ? n < entry.cursor : changed(i)));
  if (settled.length === 0) return null;
  const result = await saveCollectiveItems({ db: ctx.db }, { unitId: member.unitId, year: data.year, actorId: member.id, items: settled.map(collectiveInput) });
  if (result.kind === "refused") return null;
  const dropped = entry.items.filter((i) => i.itemId === undefined && !settled.includes(i)).map((i) => i.position);
  return collectiveMsg.stoppedKeeping({ kept: result.positions, dropped, again });
}

export async function collectiveMenuStep(ctx: MemberContext, data: Readonly<RegData>, input: Input): Promise<RegOutcome> {
  const year = data.year;
  const items = await listCollective(ctx.db, memberOf(ctx).unitId, year);
  if (input.choice === "add") {
    if (!canAddCollectiveItem(items.length)) return showList(ctx, year, [collectiveMsg.full()]);
    return at("items", { year, entry: newEntry("cell", items.length, MAX_COLLECTIVE_ITEMS) }, say(collectiveMsg.askText(items.length + 1)));
  }
  if (input.choice === "edit" || input.choice === "del") {
    if (items.length === 0) return showList(ctx, year);
    const choices = items.map((item, i) => ({ value: String(i), label: regMsg.contentsItem(item.position, item.text) }));
    const edit = input.choice === "edit";
    return at(edit ? "cpick" : "cdelpick", { year, ids: items.map((i) => i.id) }, ask(edit ? collectiveMsg.pickEdit() : collectiveMsg.pickDelete(), choices));
  }
  if (input.choice === "done") return done(say(collectiveMsg.done()));
  return reask("cmenu", { ...data });
}

async function picked(ctx: MemberContext, data: Readonly<RegData>, input: Input) {
  const id = pickedId(data.ids, input.choice);
  if (!id) return null;
  const items = await listCollective(ctx.db, memberOf(ctx).unitId, data.year);
  return { item: items.find((i) => i.id === id), count: items.length };
}

export async function collectivePickStep(ctx: MemberContext, data: Readonly<RegData>, input: Input): Promise<RegOutcome> {
  const found = await picked(ctx, data, input);
  if (!found) return reask("cpick", { ...data });
  const { item, count } = found;
  if (!item) return showList(ctx, data.year, [regMsg.gone()]);
  const entryItem: EntryItem = {
    position: item.position,
    text: item.text,
    measure: item.measure,
    timeframe: item.timeframe,
    categories: ["FOLLOW"],
    verdict: item.vagueVerdict === "vague" ? "vague" : "concrete",
    score: item.vagueScore ?? 0,
    reasons: [],
    kept: false,
    asked: [],
    round: 0,
    itemId: item.id,
    shortcoming: null,
  };
  const entry = { ...newEntry("cell", count, MAX_COLLECTIVE_ITEMS), items: [entryItem] };
  return at("retext", { year: data.year, entry }, say(regMsg.askTextEdit(item.text)));
}

export async function collectiveDeleteStep(ctx: MemberContext, data: Readonly<RegData>, input: Input): Promise<RegOutcome> {
  const found = await picked(ctx, data, input);
  if (!found) return reask("cdelpick", { ...data });
  const member = memberOf(ctx);
  const item = found.item;
  const deleted = item ? await deleteCollectiveItem({ db: ctx.db }, { unitId: member.unitId, year: data.year, actorId: member.id, itemId: item.id }) : null;
  return showList(ctx, data.year, [item && deleted?.kind === "done" ? collectiveMsg.deleted(item.position) : regMsg.gone()]);
}
