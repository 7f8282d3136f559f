// Runs a flow of the first, untyped style (types.ts `Flow`) under the typed engine while it waits to
// be rewritten with defineFlow. Its data is not schema-checked; version 0 keeps it apart from the
// typed flows' versions.
import type { RegisteredFlow } from "./flow.ts";
import type { ConversationData, Flow } from "./types.ts";

export function legacyFlow(flow: Flow): RegisteredFlow {
  return {
    name: flow.name,
    access: flow.access,
    version: 0,
    hasStep: () => flow.step !== undefined,
    start: (ctx, args) => flow.start(ctx, args),
    async resume(ctx, step, data, input) {
      if (!flow.step || typeof data !== "object" || data === null || Array.isArray(data)) return "mismatch";
      return flow.step(ctx, { step, data: data as ConversationData }, input);
    },
  };
}

export function isRegistered(flow: Flow | RegisteredFlow): flow is RegisteredFlow {
  return "resume" in flow;
}
