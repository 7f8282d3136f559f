// Persisted conversation state: a restart in the middle of a flow resumes it.
import type { Db } from "./client.ts";
import type { Platform } from "../channels/types.ts";

export interface StoredConversation {
  flow: string;
  step: string;
  /** The engine's envelope (flow data, version, offered choices); checked by the engine on load. */
  data: unknown;
  updatedAt: Date;
}

export async function loadConversation(db: Db, platform: Platform, chatId: string, userId: string): Promise<StoredConversation | null> {
  const row = await db.conversationState.findUnique({ where: { platform_chatId_userId: { platform, chatId, userId } } });
  return row ? { flow: row.flow, step: row.step, data: row.data, updatedAt: row.updatedAt } : null;
}

export async function saveConversation(
  db: Db,
  key: { platform: Platform; chatId: string; userId: string },
  state: { flow: string; step: string; data: object },
  now: Date,
): Promise<void> {
  const data = state.data;
  // updatedAt comes from the engine's clock (not the database's), so idle expiry uses one clock.
  await db.conversationState.upsert({
    where: { platform_chatId_userId: key },
    create: { ...key, flow: state.flow, step: state.step, data, updatedAt: now },
    update: { flow: state.flow, step: state.step, data, updatedAt: now },
  });
}

export async function clearConversation(db: Db, key: { platform: Platform; chatId: string; userId: string }): Promise<void> {
  await db.conversationState.deleteMany({ where: key });
}
