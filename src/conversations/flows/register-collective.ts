// /dangky chibo: the secretary (or deputy) registers the cell's 1–2 collective items — text,
// measure, timeframe — with the same vagueness coach as a member's items. Each saved, changed or
// deleted item writes an audit row. Part of the "register" flow (steps prefixed "c.").
import type { Choice } from "../../channels/types.ts";
import type { FlowContext, FlowResult, FlowState, Input } from "../types.ts";
import {
  deleteCollective,
  findTheme,
  lastYearCollectiveTexts,
  listCollective,
  saveCollective,
  type VagueResult,
} from "../../db/registrations.ts";
import { MAX_FIELD_LENGTH, canAddCollectiveItem, cleanAnswer, judgeItem, registrationYear } from "../../domain/registration-rules.ts";
import { inferRoleKind } from "../../domain/role-kind.ts";
import { fold, givenName } from "../../domain/text.ts";
import { explainVagueness, keptVagueNotice } from "../../messages/vagueness.ts";
import { collectiveMsg, regMsg } from "../../messages/registration.ts";
import { msg } from "../../messages/common.ts";
import { at, ask, coachExamples, coachReplies, done, joined, memberOf, say, typed } from "./register-common.ts";
import { choiceLabel } from "../choices.ts";

type CData = {
  year: number;
  /** The item being changed; absent for a new one. */
  itemId?: string;
  text?: string;
  measure?: string | null;
  timeframe?: string | null;
  vague?: VagueResult | null;
  round?: number;
  examples?: string[];
  ids?: string[];
};

export const isCollectiveArgs = (args: string): boolean => ["chibo", "chi bo"].includes(fold(args));

/** Secretary or deputy only; a plain member hears that it is the chi ủy's job. */
function refusal(ctx: FlowContext): string | null {
  const actor = ctx.actor;
  if (!actor?.isCommittee) return msg.committeeOnly();
  if (!actor.isSecretary) return msg.secretaryOnly();
  return null;
}

const reask = (state: FlowState, hint = "Đồng chí chọn một mục trong danh sách trên (trả lời bằng số), hoặc gõ /huy để dừng."): FlowResult => ({
  replies: [say(hint)],
  next: state,
});

async function showList(ctx: FlowContext, year: number, lead: string[] = []): Promise<FlowResult> {
  const member = memberOf(ctx);
  const items = await listCollective(ctx.db, member.unitId, year);
  const m = collectiveMsg.menu;
  const choices: Choice[] = [
    ...(canAddCollectiveItem(items.length) ? [{ value: "add", label: m.add }] : []),
    ...(items.length > 0 ? [{ value: "edit", label: m.edit }, { value: "del", label: m.del }] : []),
    { value: "done", label: m.done },
  ];
  return at(
    "c.menu",
    { year },
    ...joined(lead),
    say(collectiveMsg.list({ unitName: member.unit.name, year, items })),
    ask(regMsg.menuAsk(), choices),
  );
}

export async function collectiveStart(ctx: FlowContext): Promise<FlowResult> {
  const refused = refusal(ctx);
  if (refused) return done(say(refused));
  const member = memberOf(ctx);
  const year = registrationYear(ctx.now, ctx.zone);
  const items = await listCollective(ctx.db, member.unitId, year);
  if (items.length > 0) return showList(ctx, year);
  const theme = await findTheme(ctx.db, member.unitId, year);
  return at(
    "c.text",
    { year },
    say(collectiveMsg.intro({ unitName: member.unit.name, year, theme: theme?.title ?? null })),
    say(collectiveMsg.askText(1)),
  );
}

async function judge(ctx: FlowContext, data: CData, lead: string[] = []): Promise<FlowResult> {
  const member = memberOf(ctx);
  const [theme, items, lastYear] = await Promise.all([
    findTheme(ctx.db, member.unitId, data.year),
    listCollective(ctx.db, member.unitId, data.year),
    lastYearCollectiveTexts(ctx.db, member.unitId, data.year),
  ]);
  const others = items.filter((i) => i.id !== data.itemId).map((i) => i.text);
  const result = judgeItem(
    { text: data.text ?? "", measure: data.measure ?? null, timeframe: data.timeframe ?? null },
    { ...(theme ? { themeTitle: theme.title } : {}), cellTexts: others, ownLastYearTexts: lastYear },
  );
  const vague: VagueResult = { verdict: result.verdict, score: result.score, reasons: result.reasons };
  if (result.verdict === "concrete") {
    return save(ctx, { ...data, vague }, false, (data.round ?? 0) > 0 ? [...lead, regMsg.nowConcrete()] : lead);
  }
  const round = data.round ?? 0;
  // Collective items are about the cell's work: the "làm theo" examples of the cell's kind.
  const examples = coachExamples(inferRoleKind(null, member.unit.name), "FOLLOW", round, [...others, data.text ?? ""]);
  return at(
    "c.coach",
    { ...data, vague, round: round + 1, examples },
    ...joined(lead),
    ...coachReplies(explainVagueness(result.reasons), examples, givenName(member.fullName)),
  );
}

async function save(ctx: FlowContext, data: CData, kept: boolean, lead: string[]): Promise<FlowResult> {
  const member = memberOf(ctx);
  const result = await saveCollective(ctx.db, {
    unitId: member.unitId,
    year: data.year,
    actorId: member.id,
    ...(data.itemId ? { itemId: data.itemId } : {}),
    item: { text: data.text ?? "", measure: data.measure ?? null, timeframe: data.timeframe ?? null, vague: data.vague ?? null, kept },
  });
  if (!result.ok) return showList(ctx, data.year, [...lead, result.reason === "FULL" ? collectiveMsg.full() : regMsg.gone()]);
  return showList(ctx, data.year, [...lead, collectiveMsg.saved(result.position)]);
}

export async function collectiveStep(ctx: FlowContext, state: FlowState, input: Input): Promise<FlowResult> {
  const refused = refusal(ctx);
  if (refused) return done(say(refused));
  const data = state.data as CData;
  const year = data.year;
  const member = memberOf(ctx);

  switch (state.step) {
    case "c.menu": {
      const items = await listCollective(ctx.db, member.unitId, year);
      if (input.choice === "add") {
        if (!canAddCollectiveItem(items.length)) return showList(ctx, year, [collectiveMsg.full()]);
        return at("c.text", { year }, say(collectiveMsg.askText(items.length + 1)));
      }
      if (input.choice === "edit" || input.choice === "del") {
        if (items.length === 0) return showList(ctx, year);
        const choices = items.map((item, i) => ({ value: String(i), label: `Việc ${item.position}: ${choiceLabel(item.text, 40)}` }));
        const edit = input.choice === "edit";
        return at(edit ? "c.pick" : "c.delpick", { year, ids: items.map((i) => i.id) }, ask(edit ? collectiveMsg.pickEdit() : collectiveMsg.pickDelete(), choices));
      }
      if (input.choice === "done") return done(say(collectiveMsg.done()));
      return reask(state);
    }

    case "c.pick":
    case "c.delpick": {
      const id = input.choice !== undefined ? data.ids?.[Number(input.choice)] : undefined;
      if (!id) return reask(state);
      const items = await listCollective(ctx.db, member.unitId, year);
      const item = items.find((i) => i.id === id);
      if (!item) return showList(ctx, year, [regMsg.gone()]);
      if (state.step === "c.pick") return at("c.text", { year, itemId: id }, say(`${regMsg.askTextEdit(item.text)}`));
      const deleted = await deleteCollective(ctx.db, { unitId: member.unitId, year, actorId: member.id, itemId: id });
      return showList(ctx, year, [deleted ? collectiveMsg.deleted(item.position) : regMsg.gone()]);
    }

    case "c.text": {
      const text = typed(input.text);
      if (!text) return reask(state, regMsg.needText());
      return at("c.measure", { ...data, text: cleanAnswer(text), round: 0 }, say(regMsg.askMeasure()));
    }

    case "c.measure": {
      const text = typed(input.text);
      if (!text) return reask(state, regMsg.needText());
      return at("c.time", { ...data, measure: cleanAnswer(text, MAX_FIELD_LENGTH) }, ask(regMsg.askTimeframe(), regMsg.timeframeChoices(year)));
    }

    case "c.time": {
      const chosen = regMsg.timeframeChoices(year).find((c) => c.value === input.choice);
      const text = chosen?.label ?? typed(input.text);
      if (!text) return reask(state, regMsg.needText());
      return judge(ctx, { ...data, timeframe: cleanAnswer(text, MAX_FIELD_LENGTH) });
    }

    case "c.coach": {
      const exampleIndex = /^ex(\d)$/.exec(input.choice ?? "");
      if (exampleIndex) {
        const example = data.examples?.[Number(exampleIndex[1])];
        if (!example) return reask(state);
        return judge(ctx, { ...data, text: example });
      }
      if (input.choice === "rewrite") return at("c.retext", data, say(regMsg.askRewrite()));
      if (input.choice === "keep") return save(ctx, data, true, [keptVagueNotice()]);
      const text = typed(input.text);
      if (text && text.split(/\s+/).length >= 4) return judge(ctx, { ...data, text: cleanAnswer(text) });
      return reask(state);
    }

    case "c.retext": {
      const text = typed(input.text);
      if (!text) return reask(state, regMsg.needText());
      return judge(ctx, { ...data, text: cleanAnswer(text) });
    }
  }
  return done(say(msg.helpHint()));
}
