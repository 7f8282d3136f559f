// One resumable send for every platform. A message that needs several API calls (a long text split
// in parts, text + keyboard, a long caption before a file) and fails part-way on a 429, 5xx or
// time-out remembers how far it got; a retry of the same message to the same chat within the
// policy's window sends only the rest instead of repeating the first parts.
import { createHash } from "node:crypto";
import { ChannelError, type OutgoingMessage, type SendResult } from "../types.ts";

/** One API call of a send; resolves to the platform's message id. */
export type SendStep = () => Promise<string>;

interface Progress {
  done: number;
  lastId: string;
  at: number;
}

const MAX_REMEMBERED = 5000;

function progressKey(chatId: string, message: OutgoingMessage): string {
  const hash = createHash("sha256").update(chatId).update("\0").update(message.kind);
  if (message.kind === "document") {
    hash.update(`\0${message.filename}\0${message.caption ?? ""}\0`).update(message.content);
  } else {
    hash.update(`\0${message.text}`);
    if (message.kind === "choices") hash.update(JSON.stringify(message.choices));
  }
  return hash.digest("base64");
}

export function createResumableSender(options: {
  resumeWindowMs: number;
  plan: (chatId: string, message: OutgoingMessage) => SendStep[];
  toChannelError: (error: unknown) => ChannelError;
  now?: () => number;
}): (chatId: string, message: OutgoingMessage) => Promise<SendResult> {
  const now = options.now ?? Date.now;
  const partial = new Map<string, Progress>();

  function remember(key: string, progress: Progress): void {
    const at = now();
    for (const [k, p] of partial) {
      if (at - p.at >= options.resumeWindowMs || partial.size >= MAX_REMEMBERED) partial.delete(k);
      else break; // insertion order = age order, so the rest are younger
    }
    partial.set(key, { ...progress, at });
  }

  return async (chatId, message) => {
    let steps: SendStep[];
    try {
      steps = options.plan(chatId, message);
    } catch (error) {
      throw options.toChannelError(error);
    }
    const key = steps.length > 1 ? progressKey(chatId, message) : "";
    const prior = key ? partial.get(key) : undefined;
    if (prior) partial.delete(key);
    const state: Progress = prior && now() - prior.at < options.resumeWindowMs && prior.done < steps.length ? prior : { done: 0, lastId: "", at: 0 };
    for (let i = state.done; i < steps.length; i++) {
      const step = steps[i];
      if (!step) break;
      try {
        state.lastId = await step();
        state.done = i + 1;
      } catch (error) {
        const err = options.toChannelError(error);
        if (key && state.done > 0 && (err.kind === "RATE_LIMITED" || err.kind === "TRANSIENT")) remember(key, state);
        throw err;
      }
    }
    return { messageId: state.lastId };
  };
}
