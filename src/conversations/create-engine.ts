// Builds the engine with every flow, for the bot role, the local chat and tests.
import type { Db } from "../db/client.ts";
import type { Logger } from "../log.ts";
import { ConversationEngine } from "./engine.ts";
import { ALL_FLOWS } from "./flows/index.ts";
import type { EngineServices } from "./types.ts";

export function createEngine(deps: { db: Db; log: Logger; zone: string; services?: EngineServices; now?: () => Date }): ConversationEngine {
  return new ConversationEngine({ ...deps, flows: ALL_FLOWS });
}
