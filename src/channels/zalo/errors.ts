// Zalo client errors → ChannelError, checked against the public copies of the Zalo Bot Platform
// docs and independent clients:
//   429                                    → RATE_LIMITED; "Quota exceeded" waits the policy's quota time
//   403 (documented: internal server error) → TRANSIENT, like 5xx, 408 on a send and network errors
//   404 and non-JSON error pages            → PERMANENT (a wrong API base or method; logged by the caller)
//   a 4xx whose description names the user or chat as blocked/unfollowed/unknown → BLOCKED
//   any other 4xx and client-side validation → PERMANENT
// Only a description naming the user or chat marks a member unreachable: one hiccup must not
// silence a member's reminders.
import { ChannelError } from "../types.ts";
import { ZALO_POLICY } from "../core/policy.ts";
import { ZaloApiError, ZaloNetworkError, ZaloValidationError } from "./client.ts";

const NAMES_USER_OR_CHAT = /\b(user|chat|recipient|follower)\b|người dùng|người nhận/i;
const UNREACHABLE = /block|unfollow|not follow|not found|does not exist|chặn|bỏ quan tâm|không tồn tại/i;
const QUOTA = /quota/i;

export function zaloChannelError(error: unknown): ChannelError {
  if (error instanceof ChannelError) return error;
  if (error instanceof ZaloApiError) {
    const code = error.errorCode;
    const status = error.httpStatus ?? code;
    const text = `Zalo ${error.method ?? "API"}: ${code} ${error.description}`;
    if (code === 429 || status === 429) {
      const wait = error.retryAfterSeconds ?? (QUOTA.test(error.description) ? ZALO_POLICY.quotaRetryAfterSeconds : ZALO_POLICY.defaultRetryAfterSeconds);
      return new ChannelError("RATE_LIMITED", text, wait, 429);
    }
    if (code === 403 || code >= 500 || code === 408 || status >= 500 || status === 403) {
      return new ChannelError("TRANSIENT", text, undefined, status);
    }
    if (!error.json) return new ChannelError("PERMANENT", `${text} (not a Zalo answer)`, undefined, status);
    if (code === 404 || status === 404) return new ChannelError("PERMANENT", text, undefined, status);
    if (NAMES_USER_OR_CHAT.test(error.description) && UNREACHABLE.test(error.description)) {
      return new ChannelError("BLOCKED", text, undefined, status);
    }
    return new ChannelError("PERMANENT", text, undefined, status);
  }
  if (error instanceof ZaloNetworkError) return new ChannelError("TRANSIENT", error.message);
  if (error instanceof ZaloValidationError) return new ChannelError("PERMANENT", error.message);
  return new ChannelError("TRANSIENT", error instanceof Error ? error.message : String(error));
}
