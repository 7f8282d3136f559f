// The conversation engine: one normalized inbound event in, the replies out. It resolves who is
// talking from the linked identity, routes commands to flows, resumes persisted flows, and keeps
// every rule about access here so no flow can forget it.
import type { Db } from "../db/client.ts";
import type { Logger } from "../log.ts";
import type { HandlingScope } from "../channels/dispatcher.ts";
import type { InboundEvent, OutgoingMessage, Choice } from "../channels/types.ts";
import { markReachable, markUnreachable } from "../db/identities.ts";
import { clearConversation, loadSpeaker, saveConversation, type Speaker } from "../db/conversations.ts";
import { unlinkRemovedGroupChat } from "../db/units.ts";
import { lastSentChoices } from "../db/deliveries.ts";
import { maskSensitiveNumbers } from "../domain/sensitive.ts";
import { cleanLongText } from "../domain/text.ts";
import { isCommitteeRole, isSecretaryRole } from "../domain/roles.ts";
import { msg } from "../messages/common.ts";
import { inviteCodeIn, isInviteCodeAlone, looksLikeInviteCode } from "../domain/invite-code.ts";
import { linkMsg } from "../messages/linking.ts";
import { matchChoice } from "./choices.ts";
import { commandByName, parseCommand, standingChoice } from "./commands.ts";
import { understand } from "../domain/intents.ts";
import { intentReply } from "../messages/intents.ts";
import { leadingRegistrationYear } from "../domain/registration-rules.ts";
import type { Actor, EngineServices, FlowContext, Input } from "./types.ts";
import { offeredChoices, storedEnvelope, type EnvelopeMeta, type RawOutcome, type RegisteredFlow } from "./flow.ts";

type SpeakerKey = Parameters<typeof loadSpeaker>[1];

export const IDLE_EXPIRY_MS = 24 * 60 * 60 * 1000;
/** How long a number replied on Zalo still answers a reminder's list (reminders go out days before the meeting). */
export const STANDING_CHOICE_MS = 7 * 24 * 60 * 60 * 1000;

/** Where one handling runs (the inbox's transaction), and the delivery port that queues after its commit. */
export type EngineScope = HandlingScope;

export interface EngineDeps {
  db: Db;
  log: Logger;
  flows: readonly RegisteredFlow[];
  zone: string;
  services?: EngineServices;
  now?: () => Date;
}

export class ConversationEngine {
  private readonly flows: Map<string, RegisteredFlow>;
  private readonly now: () => Date;
  /** The message being handled per conversation: the next one waits for it (see handle). */
  private readonly running = new Map<string, Promise<unknown>>();

  constructor(private readonly deps: EngineDeps) {
    this.flows = new Map(deps.flows.map((f) => [f.name, f]));
    this.now = deps.now ?? (() => new Date());
  }

  /**
   * Messages of one conversation are handled one after the other: a double press on "Gửi" or a
   * comment that arrives twice must not both find the same step and act twice. The second one
   * then sees the state the first one left (usually none: its button is stale).
   */
  async handle(event: InboundEvent, scope?: EngineScope): Promise<OutgoingMessage[]> {
    const key = `${event.platform}\u0000${event.chatId}\u0000${event.userId}`;
    const previous = this.running.get(key) ?? Promise.resolve();
    const current = previous.then(() => this.handleNow(event, scope));
    const tail = current.catch(() => undefined);
    this.running.set(key, tail);
    try {
      return await current;
    } finally {
      if (this.running.get(key) === tail) this.running.delete(key);
    }
  }

  private async handleNow(event: InboundEvent, scope?: EngineScope): Promise<OutgoingMessage[]> {
    const db = scope?.db ?? this.deps.db;
    const now = this.now();
    const key = { platform: event.platform, chatId: event.chatId, userId: event.userId };
    if (event.kind === "blocked") {
      await this.blocked(db, event, key, now, scope?.speaker);
      return [];
    }

    // The conversation state comes with the identity (one round trip); a group chat ignores it.
    const speaker = scope?.speaker ?? (await loadSpeaker(db, key));
    const identity = speaker.identity;
    if (identity && !identity.reachable) await markReachable(db, identity.id);
    const actor = actorOf(identity);

    // Nothing invisible and no NUL reaches a flow (or the database); then personal numbers are masked.
    const masked = maskSensitiveNumbers(cleanLongText(event.text ?? ""));
    // A photo's caption is typed text too: masked and warned about the same way.
    const caption = event.image?.caption !== undefined ? maskSensitiveNumbers(cleanLongText(event.image.caption)) : undefined;
    const image = event.image ? { ref: event.image.ref, ...(caption ? { caption: caption.text } : {}) } : undefined;
    const prefix: OutgoingMessage[] = masked.masked || caption?.masked ? [{ kind: "text", text: msg.sensitiveMasked() }] : [];
    const text = masked.text;

    const ctx: FlowContext = {
      db,
      now,
      zone: this.deps.zone,
      actor,
      event,
      log: this.deps.log,
      services: { ...this.deps.services, ...(scope?.delivery ? { delivery: scope.delivery } : {}) },
      ...(scope?.ahead ? { ahead: scope.ahead } : {}),
    };

    if (event.chatType === "group") {
      const command = parseCommand(text, { allowWords: false });
      if (command?.spec.name !== "nhom") return [];
      return this.runStart(ctx, "group", command.args, prefix);
    }

    let stored = speaker.conversation;
    if (stored && now.getTime() - stored.updatedAt.getTime() > IDLE_EXPIRY_MS) {
      await clearConversation(db, key);
      stored = null;
      prefix.push({ kind: "text", text: msg.expired() });
    }

    const command = parseCommand(text, { allowWords: !stored });
    // Unlinked, a code is what the person came to send: "ma moi XUVVN-XAJHE" also reads as the words
    // of /moi (a secretary's command), which would answer "xin bí thư một mã" to someone who just sent one.
    if (command && !actor && command.spec.flow !== "start" && command.spec.flow !== "cancel" && holdsInviteCode(text)) {
      return this.runStart(ctx, "start", text, prefix);
    }
    // Linked, "mã mời XUVVN-XAJHE" is an invite code pasted by someone whose account is already
    // linked, not /moi's search for a member named "XUVVN-XAJHE" (or, for a member, /moi refused):
    // one line says so, and nothing changes (an open conversation stays as it was).
    if (command?.spec.flow === "invite" && actor && isInviteCodeAlone(command.args)) {
      return [...prefix, { kind: "text", text: linkMsg.alreadyLinked(actor.member.fullName) }];
    }
    if (command) {
      if (command.spec.flow === "cancel") {
        // The flow keeps what is settled before the conversation goes (see FlowDefinition.stop).
        const lost = stored ? await this.stop(ctx, stored, false) : null;
        await clearConversation(db, key);
        const text = lost ? msg.cancelledLosing(lost) : stored ? msg.cancelled() : actor ? msg.nothingToCancel() : msg.notLinked();
        return [...prefix, { kind: "text", text }];
      }
      // Another command over an open conversation stops it as /huy does: what is settled is kept
      // (a registration's accepted items go to the draft) and one line says what was kept or lost,
      // rather than items typed a minute ago vanishing without a word.
      const lost = stored ? await this.stop(ctx, stored, command.spec.flow === stored.flow) : null;
      if (lost) prefix.push({ kind: "text", text: msg.cancelledLosing(lost) });
      return this.runStart(ctx, command.spec.flow, command.args, prefix, stored !== null);
    }
    if (text.trim().startsWith("/") && !stored) {
      return [...prefix, { kind: "text", text: actor ? msg.unknownCommand() : msg.notLinked() }];
    }
    // A reminder's one-tap answer leaves an open conversation as it was (its flow stores no step).
    const standing = actor ? await this.standing(db, event, text, actor.member.id, stored, now) : null;
    if (standing) return this.runStart(ctx, standing.flow, standing.args, prefix);

    if (stored) {
      const flow = this.flows.get(stored.flow);
      const envelope = storedEnvelope.safeParse(stored.data);
      // A flow renamed, removed or changed in a deploy: the member is told the conversation ended,
      // rather than having an answer read with the wrong meaning or falling into the help text.
      if (!flow || !envelope.success || envelope.data.v !== flow.version || !flow.hasStep(stored.step)) {
        await clearConversation(db, key);
        return [...prefix, { kind: "text", text: msg.flowChanged() }];
      }
      if (!this.allowed(flow, actor)) {
        await clearConversation(db, key);
        return [...prefix, { kind: "text", text: actor ? msg.helpHint() : msg.notLinked() }];
      }
      const meta = envelope.data.meta;
      const offered = meta.choices ?? [];
      const input: Input = { text, event, ...(image ? { image } : {}) };
      if (offered.length > 0) {
        const picked = matchChoice(offered, { text, ...(event.choice !== undefined ? { choice: event.choice } : {}) });
        if (picked) input.choice = picked.value;
        else if (event.choice !== undefined) return [...prefix, { kind: "text", text: msg.staleChoice() }];
      } else if (event.choice !== undefined) {
        return [...prefix, { kind: "text", text: msg.staleChoice() }];
      }
      const resumeCtx: FlowContext = meta.subjectId !== undefined ? { ...ctx, subjectId: meta.subjectId } : ctx;
      const result = await flow.resume(resumeCtx, stored.step, envelope.data.data, input);
      if (result === "mismatch") {
        await clearConversation(db, key);
        return [...prefix, { kind: "text", text: msg.flowChanged() }];
      }
      // Asked again at the same step without new buttons: the earlier choices still stand.
      const keep = result.next?.step === stored.step ? offered : [];
      await this.persist(db, key, flow, result, { ...meta, choices: keep });
      const answer = result.aside ? await this.answerAside(ctx, result.aside) : [];
      return [...prefix, ...answer, ...(result.reasked ? withOptionsAgain(result.replies, keep) : result.replies)];
    }

    if (event.choice !== undefined) return [...prefix, { kind: "text", text: msg.staleChoice() }];
    // Unlinked: a code sent as plain text (how Zalo members link) goes to the start flow.
    if (!actor) return this.runStart(ctx, "start", text, prefix);
    // A plain question gets its answer; other text the likeliest commands.
    const intent = understand(text, actor);
    const spec = intent.kind === "command" ? commandByName(intent.command) : undefined;
    if (intent.kind === "command" && spec) return this.runStart(ctx, spec.flow, intent.args, prefix);
    return [...prefix, { kind: "text", text: intentReply(intent, actor.member.fullName, leadingRegistrationYear(now, this.deps.zone)) }];
  }

  /**
   * Reads ahead, for updates about to be handled together, what the flows their commands start will
   * read (FlowDefinition.ahead): one statement per flow for all of them. The route is worked out as
   * handleNow works it out for a command; a read planned for a start that does not happen is only
   * a read wasted, and a start whose plan differs by then reads for itself.
   */
  async readAhead(db: Db, items: ReadonlyArray<{ event: InboundEvent; speaker: Speaker }>): Promise<Array<ReadonlyMap<string, unknown> | undefined>> {
    const now = this.now();
    const planned = items.map(({ event, speaker }) => this.planAhead(db, event, speaker, now));
    const found: Array<Map<string, unknown> | undefined> = items.map(() => undefined);
    for (const flow of new Set(planned.map((p) => p?.flow))) {
      if (!flow?.ahead) continue;
      const mine = planned.flatMap((p, i) => (p?.flow === flow ? [{ i, key: p.key, request: p.request }] : []));
      const values = await flow.ahead.load(
        db,
        mine.map((m) => m.request),
      );
      for (const [j, m] of mine.entries()) found[m.i] = new Map([[m.key, values[j]]]);
    }
    return found;
  }

  /**
   * Not for a chat with an open conversation: a command there first stops its flow, whose stop may
   * write what the start then reads (a registration's accepted items saved to the draft, then
   * /camket shows the draft).
   */
  private planAhead(db: Db, event: InboundEvent, speaker: Speaker, now: Date) {
    if (event.kind !== "message" || event.chatType === "group" || event.choice !== undefined || speaker.conversation) return undefined;
    const actor = actorOf(speaker.identity);
    if (!actor) return undefined;
    const command = parseCommand(maskSensitiveNumbers(cleanLongText(event.text ?? "")).text, { allowWords: true });
    const flow = command ? this.flows.get(command.spec.flow) : undefined;
    if (!command || !flow?.ahead || !this.allowed(flow, actor)) return undefined;
    const ctx: FlowContext = { db, now, zone: this.deps.zone, actor, event, log: this.deps.log, services: this.deps.services ?? {} };
    const plan = flow.ahead.plan(ctx, command.args);
    return plan ? { flow, ...plan } : undefined;
  }

  /**
   * The bot was blocked in a private chat, or removed from a group. Removing it from a group is what
   * the remover (usually the secretary) did to the group, not to their own account: their
   * reminders keep coming, and the group is no longer the unit's group chat (nothing posted there
   * arrives any more).
   */
  private async blocked(db: Db, event: InboundEvent, key: SpeakerKey, now: Date, speaker: Speaker | undefined): Promise<void> {
    if (event.chatType !== "group") {
      await markUnreachable(db, event.platform, event.userId, now);
      return;
    }
    const remover = (speaker ?? (await loadSpeaker(db, key))).identity;
    const units = await unlinkRemovedGroupChat(db, { platform: event.platform, chatId: event.chatId }, remover?.member.id ?? null);
    this.deps.log.info(
      { platform: event.platform, chatId: event.chatId, unlinkedUnits: units.map((u) => u.id) },
      units.length > 0 ? "bot removed from a unit's group chat: group unlinked" : "bot removed from a group chat no unit had linked",
    );
  }

  /**
   * A standing choice (see standingChoice): a button's value as it comes, or on Zalo the number of
   * an option of the last proactive message, when that message came after the conversation's last
   * answer (so the number cannot be meant for the conversation's own list). Not while the open
   * conversation's flow owns its numbers (the self-assessment: there "1" is item 1, and taking it
   * for the reminder's "Tất cả đúng tiến độ" would record the whole month as on track).
   */
  private async standing(
    db: Db,
    event: InboundEvent,
    text: string,
    memberId: string,
    open: { flow: string; updatedAt: Date } | null,
    now: Date,
  ): Promise<{ flow: string; args: string } | null> {
    if (event.choice !== undefined) return standingChoice(event.choice);
    if (!/^\d{1,2}[.)]?$/.test(text.trim()) || (open && this.flows.get(open.flow)?.ownsNumbers)) return null;
    const since = new Date(Math.max(open?.updatedAt.getTime() ?? 0, now.getTime() - STANDING_CHOICE_MS));
    const offered = await lastSentChoices(db, { memberId, platform: event.platform, chatId: event.chatId, since });
    const picked = offered ? matchChoice(offered, { text }) : undefined;
    return picked ? standingChoice(picked.value) : null;
  }

  /** Stops this stored conversation's flow: what it kept and what dropping it loses, as the flow words it (null: nothing). */
  private async stop(ctx: FlowContext, stored: { flow: string; step: string; data: unknown }, restarting: boolean): Promise<string | null> {
    const flow = this.flows.get(stored.flow);
    const envelope = storedEnvelope.safeParse(stored.data);
    if (!flow || !envelope.success || envelope.data.v !== flow.version || !flow.hasStep(stored.step)) return null;
    const subjectId = envelope.data.meta.subjectId;
    return flow.stop(subjectId !== undefined ? { ...ctx, subjectId } : ctx, envelope.data.data, subjectId !== undefined, restarting);
  }

  /**
   * The answer to a question asked in passing inside a conversation (see Outcome.aside): the
   * command's flow started for it, kept only when it answers in one go. A flow that would open its
   * own conversation (or that this person may not use) is not started over the open one; the
   * member then hears only what the open conversation waits for.
   */
  private async answerAside(ctx: FlowContext, name: string): Promise<OutgoingMessage[]> {
    const spec = commandByName(name);
    const flow = spec ? this.flows.get(spec.flow) : undefined;
    if (!flow || !this.allowed(flow, ctx.actor)) return [];
    const result = await flow.start(ctx, "");
    return result.next ? [] : result.replies;
  }

  private allowed(flow: RegisteredFlow, actor: Actor | null): boolean {
    switch (flow.access) {
      case "anyone":
        return true;
      case "member":
        return actor !== null;
      case "committee":
        return actor?.isCommittee ?? false;
      case "secretary":
        return actor?.isSecretary ?? false;
    }
  }

  private async runStart(ctx: FlowContext, flowName: string, args: string, prefix: OutgoingMessage[], replacing = false): Promise<OutgoingMessage[]> {
    const flow = this.flows.get(flowName);
    const { event } = ctx;
    if (!flow) return [...prefix, { kind: "text", text: ctx.actor ? msg.notAvailableYet() : msg.notLinked() }];
    if (!this.allowed(flow, ctx.actor)) {
      const text = !ctx.actor ? msg.notLinked() : flow.access === "secretary" ? msg.secretaryOnly() : msg.committeeOnly();
      return [...prefix, { kind: "text", text }];
    }
    const key = { platform: event.platform, chatId: event.chatId, userId: event.userId };
    if (replacing) await clearConversation(ctx.db, key);
    const result = await flow.start(ctx, args);
    // Nothing is stored for this chat now (none was, or it was just cleared): no DELETE to send.
    await this.persist(ctx.db, key, flow, result, {}, false);
    return [...prefix, ...result.replies];
  }

  private async persist(
    db: Db,
    key: { platform: InboundEvent["platform"]; chatId: string; userId: string },
    flow: RegisteredFlow,
    result: RawOutcome,
    previous: EnvelopeMeta,
    stored = true,
  ): Promise<void> {
    if (!result.next) {
      if (stored) await clearConversation(db, key);
      return;
    }
    const choices: Choice[] = offeredChoices(result.replies) ?? previous.choices ?? [];
    const subjectId = result.subjectId ?? previous.subjectId;
    const meta: EnvelopeMeta = { ...(choices.length > 0 ? { choices } : {}), ...(subjectId !== undefined ? { subjectId } : {}) };
    const data = { v: flow.version, data: result.next.data, meta };
    await saveConversation(db, key, { flow: flow.name, step: result.next.step, data }, this.now());
  }
}

/**
 * A refusal ("chọn một mục trong danh sách") comes with the options it refers to: the list is often
 * far up the screen under a long text, and on Telegram its buttons with it. The options are the
 * ones already offered (same values), so an old button still answers too.
 */
function withOptionsAgain(replies: readonly OutgoingMessage[], offered: readonly Choice[]): OutgoingMessage[] {
  const last = replies[replies.length - 1];
  if (offered.length === 0 || last?.kind !== "text") return [...replies];
  return [...replies.slice(0, -1), { kind: "choices", text: last.text, choices: [...offered] }];
}

/** Something shaped like an invite code, valid or not (the start flow answers a wrong one as wrong). */
const holdsInviteCode = (text: string): boolean => inviteCodeIn(text) !== null || looksLikeInviteCode(text);

/** Who is talking as the flows see them: a linked member who has not left the Party cell. */
function actorOf(identity: Speaker["identity"]): Actor | null {
  return identity && identity.member.status !== "LEFT"
    ? { identity, member: identity.member, isCommittee: isCommitteeRole(identity.member.role), isSecretary: isSecretaryRole(identity.member.role) }
    : null;
}
