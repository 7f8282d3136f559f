// Typed, versioned flows. A flow declares its name, who may use it, a version, a zod schema of its
// own data and its steps as a map, so a step name that does not exist is a compile error and data
// read back from the database is checked before a handler sees it. Handlers return new data; the
// engine keeps its own metadata (offered choices, the member a secretary acts for) in an envelope
// beside the flow's data, never inside it.
import { z } from "zod";
import type { Choice, OutgoingMessage } from "../channels/types.ts";
import type { Db } from "../db/client.ts";
import type { Access, Actor, FlowContext, Input } from "./types.ts";

/** A flow of access "member" or higher runs only for a linked member: the actor is there by type. */
export interface MemberContext extends FlowContext {
  actor: Actor;
}

export type ContextFor<A extends Access> = A extends "anyone" ? FlowContext : MemberContext;

/** The next step and its data; absent or null ends the conversation. */
export interface Next<S extends string, D> {
  step: S;
  data: D;
}

export interface Outcome<S extends string, D> {
  replies: OutgoingMessage[];
  next?: Next<S, D> | null;
  /**
   * The member this conversation acts for (a secretary entering a registration on behalf of a
   * member without a phone). Once set it stays for the rest of the conversation.
   */
  subjectId?: string;
  /**
   * The answer matched none of the options and the same question stands: the engine sends the
   * options again with this reply, since the list is often far up the screen by now.
   */
  reasked?: boolean;
  /**
   * The answer was a question asked in passing ("khi nào họp?") that this command answers (its
   * name, as after "/"): the engine sends that answer first, if it is a one-message answer, and
   * these replies (what the flow still waits for) after it.
   */
  aside?: string;
}

// NoInfer: the step names come from the `steps` map alone, so a handler naming a step the map
// lacks is an error at that handler rather than a silently widened name.
export type StepHandler<S extends string, D, A extends Access> = (
  ctx: ContextFor<A>,
  data: Readonly<D>,
  input: Input,
) => Promise<Outcome<NoInfer<S>, NoInfer<D>>>;

export interface FlowDefinition<S extends string, D, A extends Access> {
  name: string;
  access: A;
  /**
   * Bump on any change a stored conversation could not survive (a step renamed or removed, data
   * reshaped): conversations saved under another version end with a short note instead of being
   * read with the wrong meaning.
   */
  version: number;
  /**
   * Its numbered lists answer the same question a reminder's one tap does (the self-assessment):
   * while it is open, a number typed on Zalo is always its own, never the reminder's.
   */
  ownsNumbers?: boolean;
  data: z.ZodType<D>;
  /**
   * Stopping now (/huy): the flow keeps what is already settled (a registration's items accepted
   * before the one being asked about go to the draft), then the engine drops the conversation.
   * Returns what is told in place of the plain "Đã dừng": what was kept, what was lost (answers held
   * only in the flow's data are gone, and the member must not think them kept), or what stopping
   * leaves undone that the person might think done (a draft not sent). Null when there is nothing
   * to say. `onBehalf`: a secretary entering for a member (ctx.subjectId is that member).
   * `restarting`: the command that stops it starts this same flow again, which shows where things
   * stand next: a reminder of what is left undone is not said above it.
   */
  stop?(ctx: ContextFor<A>, data: D, onBehalf: boolean, restarting: boolean): Promise<string | null>;
  start(ctx: ContextFor<A>, args: string): Promise<Outcome<NoInfer<S>, NoInfer<D>>>;
  /**
   * What start reads, named before it runs: the inbox handles the conversations that arrive
   * together in one transaction, and reads what all of their starts of this flow will read in one
   * statement before handling them (a cell answering a reminder sends the same command at once).
   * start finds its read in ctx.ahead under the key it plans, and reads for itself when it is not
   * there (not read ahead, or no longer true by the time it runs).
   */
  ahead?: AheadRead<ContextFor<A>>;
  steps: { readonly [K in S]: StepHandler<S, D, A> };
}

/** See FlowDefinition.ahead. */
export interface AheadRead<C = FlowContext> {
  /** What start(ctx, args) will read: a key for it and the request to read it, or null for nothing. */
  plan(ctx: C, args: string): { key: string; request: unknown } | null;
  /** The reads of several plans' requests, in one statement, in their order. */
  load(db: Db, requests: readonly unknown[]): Promise<unknown[]>;
}

/** What is stored per conversation: the flow's data with its version, and the engine's envelope. */
export const storedEnvelope = z.object({
  v: z.number().int(),
  data: z.unknown(),
  meta: z
    .object({
      choices: z
        .array(z.object({ value: z.string(), label: z.string(), number: z.number().int().optional(), words: z.array(z.string()).readonly().optional() }))
        .optional(),
      subjectId: z.string().optional(),
    })
    .default({}),
});
export type StoredEnvelope = z.infer<typeof storedEnvelope>;
export type EnvelopeMeta = StoredEnvelope["meta"];

/** A flow's outcome with its types erased, as the engine handles it. */
export interface RawOutcome {
  replies: OutgoingMessage[];
  next?: { step: string; data: unknown } | null;
  subjectId?: string;
  reasked?: boolean;
  aside?: string;
}

/** The engine's view of a flow: types erased, stored data checked on the way in. */
export interface RegisteredFlow {
  readonly name: string;
  readonly access: Access;
  readonly version: number;
  readonly ownsNumbers: boolean;
  start(ctx: FlowContext, args: string): Promise<RawOutcome>;
  /** "mismatch": the stored step or data no longer fit this flow (renamed step, reshaped data). */
  resume(ctx: FlowContext, step: string, data: unknown, input: Input): Promise<RawOutcome | "mismatch">;
  hasStep(step: string): boolean;
  /** See FlowDefinition.stop; null also when the stored data no longer fit the flow. */
  stop(ctx: FlowContext, data: unknown, onBehalf: boolean, restarting: boolean): Promise<string | null>;
  /** See FlowDefinition.ahead. */
  readonly ahead?: AheadRead;
}

export function defineFlow<const S extends string, D, A extends Access>(def: FlowDefinition<S, D, A>): RegisteredFlow {
  const steps = def.steps as Record<string, StepHandler<S, D, A> | undefined>;
  const ahead = def.ahead;
  // The engine checks access before calling a flow, so a member-level flow always has an actor here.
  const narrow = (ctx: FlowContext): ContextFor<A> => {
    if (def.access !== "anyone" && !ctx.actor) throw new Error(`flow ${def.name} reached without a linked member`);
    return ctx as ContextFor<A>;
  };
  return {
    name: def.name,
    access: def.access,
    version: def.version,
    ownsNumbers: def.ownsNumbers ?? false,
    hasStep: (step) => Object.hasOwn(steps, step),
    async stop(ctx, data, onBehalf, restarting) {
      if (!def.stop || (def.access !== "anyone" && !ctx.actor)) return null;
      const parsed = def.data.safeParse(data);
      return parsed.success ? def.stop(narrow(ctx), parsed.data, onBehalf, restarting) : null;
    },
    start: (ctx, args) => def.start(narrow(ctx), args),
    ...(ahead
      ? {
          ahead: {
            plan: (ctx: FlowContext, args: string) => ahead.plan(narrow(ctx), args),
            load: (db: Db, requests: readonly unknown[]) => ahead.load(db, requests),
          },
        }
      : {}),
    async resume(ctx, step, data, input) {
      const handler = Object.hasOwn(steps, step) ? steps[step] : undefined;
      if (!handler) return "mismatch";
      const parsed = def.data.safeParse(data);
      if (!parsed.success) return "mismatch";
      return handler(narrow(ctx), parsed.data, input);
    },
  };
}

/** A text reply. */
export const say = (text: string): OutgoingMessage => ({ kind: "text", text });

/** The answer matched no option: the refusal, at the same step (see Outcome.reasked). */
export const askAgain = <S extends string, D>(step: S, data: D, text: string): Outcome<S, D> => ({ replies: [say(text)], next: { step, data }, reasked: true });

/** Replies only: the conversation ends. */
export const end = (...replies: OutgoingMessage[]): Outcome<never, never> => ({ replies });

/** The choices the last reply offers (kept in the envelope so the next answer can be matched). */
export function offeredChoices(replies: readonly OutgoingMessage[]): Choice[] | undefined {
  const last = replies[replies.length - 1];
  return last?.kind === "choices" ? last.choices : undefined;
}
