// A small typed client for the Zalo Bot Platform API. Every call is a JSON POST to
// <apiBase>/bot<token>/<method> with an AbortSignal time-out; the token never appears in errors.
//
// Errors:
//   ZaloApiError        the platform answered { ok: false, error_code, description } (or a non-JSON
//                       error status, e.g. a proxy's HTML 502); errorCode is error_code, else the
//                       HTTP status.
//   ZaloNetworkError    no usable answer: connection refused/reset, time-out (timedOut = true),
//                       malformed body on a 2xx.
//   ZaloValidationError rejected before any request (text length, secret length, empty ids); the
//                       methods are async, so this too arrives as a rejected promise.
// The channel adapter maps these to ChannelError kinds.
import { STATUS_CODES } from "node:http";
import { request } from "undici";
import {
  ZALO_DEFAULT_API_BASE,
  ZALO_SECRET_MAX,
  ZALO_SECRET_MIN,
  ZALO_TEXT_LIMIT,
  type ZaloApiResponse,
  type ZaloBotInfo,
  type ZaloChatAction,
  type ZaloSentMessage,
  type ZaloUpdate,
  type ZaloWebhookInfo,
} from "./types.ts";

export class ZaloApiError extends Error {
  readonly httpStatus: number | undefined;
  /** From a `parameters.retry_after` field or a Retry-After header, when the platform sends one. */
  readonly retryAfterSeconds: number | undefined;
  readonly method: string | undefined;
  /** False when the answer was not Zalo's JSON (a proxy's or load balancer's page). */
  readonly json: boolean;

  constructor(
    readonly errorCode: number,
    readonly description: string,
    details: { httpStatus?: number; retryAfterSeconds?: number; method?: string; json?: boolean } = {},
  ) {
    super(`Zalo ${details.method ?? "API"} failed: ${errorCode} ${description}`);
    this.name = "ZaloApiError";
    this.httpStatus = details.httpStatus;
    this.retryAfterSeconds = details.retryAfterSeconds;
    this.method = details.method;
    this.json = details.json ?? true;
  }
}

export class ZaloNetworkError extends Error {
  constructor(
    readonly method: string,
    message: string,
    readonly timedOut: boolean,
    options?: { cause?: unknown },
  ) {
    super(`Zalo ${method}: ${message}`, options);
    this.name = "ZaloNetworkError";
  }
}

export class ZaloValidationError extends RangeError {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(`Zalo ${field}: ${message}`);
    this.name = "ZaloValidationError";
  }
}

export interface ZaloBotClientOptions {
  token: string;
  /** Default https://bot-api.zaloplatforms.com (config: ZALO_API_BASE). */
  apiBase?: string;
  /** Time-out of ordinary requests; getUpdates waits its poll time-out plus this. Default 10 s. */
  timeoutMs?: number;
}

export interface CallOptions {
  /** Aborts the request early (e.g. the adapter stopping); reported as a ZaloNetworkError. */
  signal?: AbortSignal;
  timeoutMs?: number;
}

export class ZaloBotClient {
  readonly apiBase: string;
  readonly timeoutMs: number;
  readonly #token: string;

  constructor(opts: { token: string; apiBase?: string; timeoutMs?: number }) {
    if (!opts.token) throw new ZaloValidationError("token", "is empty");
    this.#token = opts.token;
    this.apiBase = (opts.apiBase ?? ZALO_DEFAULT_API_BASE).replace(/\/+$/, "");
    this.timeoutMs = opts.timeoutMs ?? 10_000;
  }

  getMe(options?: CallOptions): Promise<ZaloBotInfo> {
    return this.call<ZaloBotInfo>("getMe", {}, options);
  }

  /**
   * Long-polls for updates. `timeoutSeconds` is sent as a string, as the API documents. The
   * platform answers ONE update per call, but some copies of the docs show an array: both are
   * accepted, unchecked (the adapter normalises and logs what it drops). Nothing arrived (error_code
   * 408, or an empty result) is an empty list.
   */
  async pollUpdates(timeoutSeconds: number, options: { signal?: AbortSignal } = {}): Promise<unknown[]> {
    const seconds = Math.max(0, Math.floor(timeoutSeconds));
    try {
      const result = await this.call<unknown>(
        "getUpdates",
        { timeout: String(seconds) },
        { signal: options.signal, timeoutMs: seconds * 1000 + this.timeoutMs },
      );
      if (Array.isArray(result)) return result as unknown[];
      return result === null || result === undefined || result === "" ? [] : [result];
    } catch (error) {
      if (error instanceof ZaloApiError && error.errorCode === 408) return [];
      throw error;
    }
  }

  /** The first update of one long poll, or null when nothing arrived. */
  async getUpdates(timeoutSeconds: number, options: { signal?: AbortSignal } = {}): Promise<ZaloUpdate | null> {
    const [first] = await this.pollUpdates(timeoutSeconds, options);
    return first && typeof first === "object" ? (first as ZaloUpdate) : null;
  }

  async setWebhook(url: string, secretToken: string, options?: CallOptions): Promise<ZaloWebhookInfo> {
    if (!url) throw new ZaloValidationError("url", "is empty");
    validateSecretToken(secretToken);
    return this.call<ZaloWebhookInfo>("setWebhook", { url, secret_token: secretToken }, options);
  }

  deleteWebhook(options?: CallOptions): Promise<ZaloWebhookInfo> {
    return this.call<ZaloWebhookInfo>("deleteWebhook", {}, options);
  }

  getWebhookInfo(options?: CallOptions): Promise<ZaloWebhookInfo> {
    return this.call<ZaloWebhookInfo>("getWebhookInfo", {}, options);
  }

  async sendMessage(chatId: string, text: string, options?: CallOptions): Promise<ZaloSentMessage> {
    requireId(chatId);
    validateText("text", text, false);
    return this.call<ZaloSentMessage>("sendMessage", { chat_id: chatId, text }, options);
  }

  async sendPhoto(chatId: string, photoUrl: string, caption?: string, options?: CallOptions): Promise<ZaloSentMessage> {
    requireId(chatId);
    if (!/^https?:\/\//i.test(photoUrl)) throw new ZaloValidationError("photo", "must be an http(s) URL");
    if (caption !== undefined) validateText("caption", caption, false);
    const body: Record<string, string> = { chat_id: chatId, photo: photoUrl };
    if (caption !== undefined) body.caption = caption;
    return this.call<ZaloSentMessage>("sendPhoto", body, options);
  }

  async sendChatAction(chatId: string, action: ZaloChatAction, options?: CallOptions): Promise<void> {
    requireId(chatId);
    await this.call<unknown>("sendChatAction", { chat_id: chatId, action }, options);
  }

  /** One API call. Exposed for methods this client does not wrap (sendSticker, …). */
  async call<T>(method: string, body: Record<string, unknown>, options: CallOptions = {}): Promise<T> {
    const timeoutMs = options.timeoutMs ?? this.timeoutMs;
    // One controller fed by the time-out and the caller's signal (cheaper than AbortSignal.any, and
    // nothing stays attached to a long-lived caller signal after the call).
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, timeoutMs);
    const onAbort = (): void => controller.abort();
    const external = options.signal;
    if (external?.aborted) controller.abort();
    else external?.addEventListener("abort", onAbort, { once: true });
    let status: number;
    let retryAfter: string | string[] | undefined;
    let raw: string;
    try {
      // undici's request, not fetch (undici's too): the same client without the WHATWG layers, at
      // about a quarter of fetch's CPU a call.
      const response = await request(`${this.apiBase}/bot${this.#token}/${method}`, {
        method: "POST",
        headers: { "content-type": "application/json", accept: "application/json" },
        body: JSON.stringify(body),
        signal: controller.signal,
      });
      status = response.statusCode;
      retryAfter = response.headers["retry-after"];
      raw = await response.body.text();
    } catch (error) {
      const reason = timedOut ? `no answer within ${timeoutMs} ms` : external?.aborted ? "aborted" : describeNetworkError(error);
      // Never chain the original error: undici's messages can carry the URL, and the URL the token.
      throw new ZaloNetworkError(method, reason, timedOut);
    } finally {
      clearTimeout(timer);
      external?.removeEventListener("abort", onAbort);
    }

    const ok = status >= 200 && status < 300;
    const retryAfterHeader = parseRetryAfter((Array.isArray(retryAfter) ? retryAfter[0] : retryAfter) ?? null);
    let parsed: ZaloApiResponse<T> | undefined;
    try {
      const value: unknown = JSON.parse(raw);
      if (value && typeof value === "object" && "ok" in value) parsed = value as ZaloApiResponse<T>;
    } catch {
      parsed = undefined;
    }

    if (!parsed) {
      if (!ok) {
        throw new ZaloApiError(status, STATUS_CODES[status] ?? `HTTP ${status}`, {
          httpStatus: status,
          retryAfterSeconds: retryAfterHeader,
          method,
          json: false,
        });
      }
      throw new ZaloNetworkError(method, `malformed response (HTTP ${status})`, false);
    }
    if (parsed.ok !== true) {
      const code = typeof parsed.error_code === "number" ? parsed.error_code : ok ? 500 : status;
      const bodyRetry = parsed.parameters?.retry_after;
      throw new ZaloApiError(code, parsed.description ?? `HTTP ${status}`, {
        httpStatus: status,
        retryAfterSeconds: typeof bodyRetry === "number" && bodyRetry >= 0 ? bodyRetry : retryAfterHeader,
        method,
      });
    }
    return parsed.result as T;
  }
}

export function validateSecretToken(secretToken: string): void {
  if (typeof secretToken !== "string" || secretToken.length < ZALO_SECRET_MIN || secretToken.length > ZALO_SECRET_MAX) {
    throw new ZaloValidationError("secret_token", `must be ${ZALO_SECRET_MIN}–${ZALO_SECRET_MAX} characters`);
  }
}

function validateText(field: string, text: string, allowEmpty: boolean): void {
  if (typeof text !== "string") throw new ZaloValidationError(field, "must be a string");
  if (!allowEmpty && text.length < 1) throw new ZaloValidationError(field, "is empty");
  if (text.length > ZALO_TEXT_LIMIT) {
    throw new ZaloValidationError(field, `is ${text.length} characters; the limit is ${ZALO_TEXT_LIMIT}`);
  }
}

function requireId(chatId: string): void {
  if (typeof chatId !== "string" || chatId.length === 0) throw new ZaloValidationError("chat_id", "is empty");
}

function parseRetryAfter(value: string | null): number | undefined {
  if (!value) return undefined;
  const seconds = Number(value);
  return Number.isFinite(seconds) && seconds >= 0 ? seconds : undefined;
}

function describeNetworkError(error: unknown): string {
  // undici's request names the code on the error itself (fetch wrapped it in a cause).
  const own = error as { code?: unknown; cause?: { code?: unknown } } | null;
  const code = typeof own?.code === "string" ? own.code : typeof own?.cause?.code === "string" ? own.cause.code : undefined;
  return code ? `network error (${code})` : "network error";
}
