// The conversation engine's contracts: flows are small state machines over normalized input.
import type { Db } from "../db/client.ts";
import type { IdentityWithMember } from "../db/identities.ts";
import type { InboundEvent } from "../channels/types.ts";
import type { Logger } from "../log.ts";
import type { DeliveryPort } from "../usecases/notifier.ts";
import type { QuietHours } from "../domain/reminders.ts";

export type Access = "anyone" | "member" | "committee" | "secretary";

/** Who is talking, resolved on the server from the linked identity (never from message content). */
export interface Actor {
  identity: IdentityWithMember;
  member: IdentityWithMember["member"];
  /** Chi ủy: committee members, deputies and the secretary. */
  isCommittee: boolean;
  isSecretary: boolean;
}

export interface Input {
  /** Text as typed (sensitive numbers masked), "" for non-text events. */
  text: string;
  /** The offered choice the member picked (by button, number or words), if any. */
  choice?: string;
  image?: { ref: string; caption?: string };
  event: InboundEvent;
}

/** Side effects that go beyond the database (queues), supplied by the running app. */
export interface EngineServices {
  /** The delivery queue; without it, messages wait as PENDING rows for the planner to queue. */
  delivery?: DeliveryPort;
  /** QUIET_HOURS from config (the default window when absent). */
  quietHours?: QuietHours;
  /** Public links. */
  telegramBotUsername?(): Promise<string | undefined>;
  dashboardUrl?: string;
}

export interface FlowContext {
  db: Db;
  now: Date;
  zone: string;
  actor: Actor | null;
  event: InboundEvent;
  log: Logger;
  services: EngineServices;
  /** The member a secretary acts for in this conversation (see Outcome.subjectId in flow.ts). */
  subjectId?: string;
  /** What was read ahead for this handling, by key (see FlowDefinition.ahead). */
  ahead?: ReadonlyMap<string, unknown>;
}
