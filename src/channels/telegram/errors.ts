// Telegram Bot API errors → ChannelError, so the delivery path needs no Telegram knowledge.
//   429                                   → RATE_LIMITED (retryAfterSeconds = parameters.retry_after)
//   403 blocked / deactivated / kicked …  → BLOCKED (the chat cannot be reached any more)
//   400 chat not found / user not found   → BLOCKED
//   5xx, network errors, time-outs        → TRANSIENT
//   other 4xx                             → PERMANENT
import { TelegramError } from "telegraf";
import { ChannelError } from "../types.ts";

const BLOCKED_403 = /blocked by the user|user is deactivated|bot was kicked|can't initiate conversation|not a member of|chat was deleted/i;
const BLOCKED_400 = /chat not found|user not found|PEER_ID_INVALID/i;

interface ErrorPayload {
  error_code: number;
  description: string;
  parameters?: { retry_after?: number };
}

function payloadOf(error: unknown): ErrorPayload | undefined {
  if (error instanceof TelegramError) return error.response;
  // Duck-typed as well: a second copy of telegraf would defeat instanceof.
  const response = (error as { response?: unknown } | null)?.response as Partial<ErrorPayload> | undefined;
  if (response && typeof response.error_code === "number") {
    return { error_code: response.error_code, description: String(response.description ?? ""), parameters: response.parameters };
  }
  return undefined;
}

function retryAfterOf(payload: ErrorPayload): number {
  const fromParameters = payload.parameters?.retry_after;
  if (typeof fromParameters === "number" && fromParameters > 0) return Math.ceil(fromParameters);
  const fromText = /retry after (\d+)/i.exec(payload.description)?.[1];
  return fromText ? Math.max(1, Number(fromText)) : 1;
}

export function redact(text: string, token: string | undefined): string {
  return token ? text.split(token).join("[REDACTED]") : text;
}

export function toChannelError(error: unknown, method: string, token?: string): ChannelError {
  if (error instanceof ChannelError) return error;
  const payload = payloadOf(error);
  if (payload) {
    const code = payload.error_code;
    const message = redact(`Telegram ${method}: ${code} ${payload.description}`, token);
    if (code === 429) return new ChannelError("RATE_LIMITED", message, retryAfterOf(payload), code);
    if (code >= 500) return new ChannelError("TRANSIENT", message, undefined, code);
    if (code === 403 && BLOCKED_403.test(payload.description)) return new ChannelError("BLOCKED", message, undefined, code);
    if (code === 400 && BLOCKED_400.test(payload.description)) return new ChannelError("BLOCKED", message, undefined, code);
    if (code >= 400) return new ChannelError("PERMANENT", message, undefined, code);
    return new ChannelError("TRANSIENT", message, undefined, code);
  }
  // No API answer: connection refused/reset, DNS, aborted, invalid JSON from a proxy … all worth a retry.
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return new ChannelError("TRANSIENT", redact(`Telegram ${method}: ${text}`, token));
}
