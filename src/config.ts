// Configuration from the environment, parsed and validated once at start.
// This is the only module that reads process.env (prisma.config.ts, the CLI tool's own config, aside).
import { z } from "zod";
import { IANAZone } from "luxon";
import cron from "node-cron";
import { DEFAULT_YEAR_END_FORM, YEAR_END_FORMS } from "./exports/templates.ts";

const ROLE_NAMES = ["web", "bot", "worker", "scheduler"] as const;
export type Role = (typeof ROLE_NAMES)[number];

const bool = z
  .enum(["true", "false", "1", "0", "yes", "no"], { message: "phải là true hoặc false" })
  .transform((v) => v === "true" || v === "1" || v === "yes");

const hhmm = /^([01]\d|2[0-3]):[0-5]\d$/;
const QUIET_HOURS_FORM = "phải có dạng 21:00-07:00";

const NUMBER = "phải là một số";
const WHOLE = "phải là số nguyên";
const port = z.coerce.number({ message: NUMBER }).int(WHOLE).min(0, "phải là số cổng (0–65535)").max(65535, "phải là số cổng (0–65535)");
const posInt = z.coerce.number({ message: NUMBER }).int(WHOLE).positive("phải là số dương");
/** A positive whole number up to `max`, said with its range when it is too big. */
const posIntUpTo = (max: number) => posInt.max(max, `phải từ 1 đến ${max}`);
/** One of a fixed list, said with the list. */
const oneOf = <const T extends readonly [string, ...string[]]>(values: T) => z.enum(values, { message: `phải là một trong: ${values.join(", ")}` });

const optionalUrl = (protocols: string[]) =>
  z
    .string()
    .url("phải là một địa chỉ URL")
    .refine((v) => protocols.some((p) => v.startsWith(p)), `phải bắt đầu bằng ${protocols.join(" hoặc ")}`)
    .optional();

/** "3d,1d,2h,30m" → minutes before the meeting. */
function parseOffsets(value: string, ctx: z.RefinementCtx): number[] {
  const parts = value
    .split(",")
    .map((p) => p.trim())
    .filter(Boolean);
  const minutes: number[] = [];
  for (const part of parts) {
    const m = /^(\d+)([dhm])$/.exec(part);
    if (!m) {
      ctx.addIssue({ code: "custom", message: `có “${part}” không đúng dạng 3d, 1d, 2h hoặc 30m` });
      return z.NEVER;
    }
    const n = Number(m[1]);
    minutes.push(m[2] === "d" ? n * 1440 : m[2] === "h" ? n * 60 : n);
  }
  if (minutes.length === 0) {
    ctx.addIssue({ code: "custom", message: "cần ít nhất một mốc, ví dụ 1d" });
    return z.NEVER;
  }
  return [...new Set(minutes)].sort((a, b) => b - a);
}

const schema = z.object({
  NODE_ENV: oneOf(["development", "production", "test"]).default("development"),
  LOG_LEVEL: oneOf(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  ROLES: z
    .string()
    .default("web,bot,worker,scheduler")
    .transform((value, ctx) => {
      const roles = value
        .split(",")
        .map((r) => r.trim())
        .filter(Boolean);
      const bad = roles.filter((r) => !(ROLE_NAMES as readonly string[]).includes(r));
      if (bad.length > 0 || roles.length === 0) {
        ctx.addIssue({ code: "custom", message: `có vai trò lạ "${bad.join(",")}"; dùng danh sách cách nhau bằng dấu phẩy trong: ${ROLE_NAMES.join(", ")}` });
        return z.NEVER;
      }
      return [...new Set(roles)] as Role[];
    }),
  HOST: z.string().default("0.0.0.0"),
  PORT: port.default(3000),
  PUBLIC_URL: optionalUrl(["http://", "https://"]),
  // Behind a reverse proxy the client's address is in X-Forwarded-For (login limits count per address).
  TRUST_PROXY: bool.default(false),
  METRICS_HOST: z.string().min(1, "không được để trống").default("127.0.0.1"),
  METRICS_PORT: port.default(9464),
  METRICS_TOKEN: z
    .string()
    .regex(/^[A-Za-z0-9._~+/=-]{24,256}$/, "phải gồm 24–256 ký tự A-Z, a-z, 0-9 và ._~+/=-")
    .optional(),
  LOGIN_LIMIT_PER_IP: posIntUpTo(10_000).default(10),
  LOGIN_LIMIT_GLOBAL: posIntUpTo(1_000_000).default(120),
  DATA_DIR: z.string().min(1, "không được để trống").default("./data"),
  DATABASE_URL: optionalUrl(["postgresql://", "postgres://"]),
  EMBEDDED_DB_PORT: port.default(54329),
  SEED_DEMO: bool.optional(),
  REDIS_URL: optionalUrl(["redis://", "rediss://"]).default("redis://127.0.0.1:6379"),
  REDIS_AUTOSTART: bool.default(true),
  QUEUE_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9_-]+$/, "chỉ gồm chữ không dấu, chữ số, _ và -")
    .default("chibo"),
  DEFAULT_TIME_ZONE: z
    .string()
    .refine((z) => IANAZone.isValidZone(z), "phải là múi giờ IANA, ví dụ Asia/Ho_Chi_Minh")
    .default("Asia/Ho_Chi_Minh"),
  QUIET_HOURS: z
    .string()
    .regex(/^([01]\d|2[0-3]):[0-5]\d-([01]\d|2[0-3]):[0-5]\d$/, QUIET_HOURS_FORM)
    .default("21:00-07:00")
    .transform((v) => {
      const [start, end] = v.split("-") as [string, string];
      return { start, end };
    }),
  REMINDER_OFFSETS: z.string().default("3d,1d,2h").transform(parseOffsets),
  PLANNER_CRON: z
    .string()
    .refine((v) => cron.validate(v), "phải là biểu thức cron, ví dụ */5 * * * *")
    .default("*/5 * * * *"),
  PLANNER_HORIZON_DAYS: posIntUpTo(366).default(60),
  WORKER_CONCURRENCY: posIntUpTo(1000).default(10),
  /** Conversations the bot handles at once per process (one conversation is always in order). */
  INBOUND_CONCURRENCY: posIntUpTo(1000).default(32),
  SHUTDOWN_TIMEOUT_MS: posInt.default(10_000),
  TELEGRAM_BOT_TOKEN: z
    .string()
    .regex(/^\d+:[A-Za-z0-9_-]+$/, "phải có dạng 123456:ABC-DEF…")
    .optional(),
  TELEGRAM_API_ROOT: optionalUrl(["http://", "https://"]),
  TELEGRAM_WEBHOOK_URL: optionalUrl(["https://", "http://"]),
  TELEGRAM_WEBHOOK_SECRET: z
    .string()
    .regex(/^[A-Za-z0-9_-]{8,256}$/, "phải gồm 8–256 ký tự A-Z, a-z, 0-9, _ và -")
    .optional(),
  TELEGRAM_BOT_USERNAME: z
    .string()
    .regex(/^[A-Za-z0-9_]{5,64}$/, "phải là @username của bot, không có @")
    .optional(),
  TELEGRAM_RATE_PER_SECOND: posInt.default(25),
  TELEGRAM_GROUP_PER_MINUTE: posInt.default(20),
  ZALO_BOT_TOKEN: z.string().min(10, "quá ngắn, không giống token bot Zalo").optional(),
  ZALO_API_BASE: optionalUrl(["http://", "https://"]).default("https://bot-api.zaloplatforms.com"),
  // Zalo's setWebhook documents an https URL only.
  ZALO_WEBHOOK_URL: optionalUrl(["https://"]),
  ZALO_WEBHOOK_SECRET: z.string().min(8, "phải gồm 8–256 ký tự").max(256, "phải gồm 8–256 ký tự").optional(),
  ZALO_RATE_PER_SECOND: posInt.default(10),
  DOCUMENT_PLACE: z.string().trim().max(80, "tối đa 80 ký tự").optional(),
  YEAR_END_FORM: z
    .string()
    .refine((v) => v in YEAR_END_FORMS, `phải là một trong: ${Object.keys(YEAR_END_FORMS).join(", ")}`)
    .default(DEFAULT_YEAR_END_FORM),
});

/** Where the dashboard is served under PUBLIC_URL (the web role mounts it there). */
export const DASHBOARD_PATH = "/dashboard";

export type Config = Omit<z.infer<typeof schema>, "PUBLIC_URL"> & {
  PUBLIC_URL: string;
  /** The dashboard's address (PUBLIC_URL + /dashboard): the link messages give, e.g. the digest's last line. */
  dashboardUrl: string;
  embedded: boolean;
  quietHoursStart: string;
  quietHoursEnd: string;
};

export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    detail: string,
  ) {
    super(`Cấu hình sai: ${variable} ${detail}`);
    this.name = "ConfigError";
  }
}

// Values never echoed back in an error message: a token with a typo is still mostly a secret.
const SECRET_VARIABLES = new Set(["TELEGRAM_BOT_TOKEN", "TELEGRAM_WEBHOOK_SECRET", "ZALO_BOT_TOKEN", "ZALO_WEBHOOK_SECRET", "METRICS_TOKEN"]);

function shown(variable: string, value: string | undefined): string {
  if (value === undefined) return "";
  if (SECRET_VARIABLES.has(variable)) return "[hidden]";
  // Passwords inside URLs (DATABASE_URL, REDIS_URL): user:secret@host → user:***@host.
  return value.replace(/^([a-z][a-z0-9+.-]*:\/\/[^:/@\s]*:)[^@\s]*@/i, "$1***@");
}

/** The environment for child processes this program spawns (the Prisma CLI), with overrides. */
export function childProcessEnv(overrides: Record<string, string>): Record<string, string | undefined> {
  return { ...process.env, ...overrides };
}

/** Parse a given environment (tests pass their own); throws ConfigError naming the first bad variable. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  // Empty strings in .env files mean "not set".
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ""));
  const parsed = schema.safeParse(cleaned);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const variable = String(issue.path[0] ?? "environment");
    throw new ConfigError(variable, `${issue.message} (đang là "${shown(variable, cleaned[variable])}")`);
  }
  const c = parsed.data;
  if (c.TELEGRAM_WEBHOOK_URL && !c.TELEGRAM_WEBHOOK_SECRET) {
    throw new ConfigError("TELEGRAM_WEBHOOK_SECRET", "bắt buộc khi đã đặt TELEGRAM_WEBHOOK_URL");
  }
  if (c.ZALO_WEBHOOK_URL && !c.ZALO_WEBHOOK_SECRET) {
    throw new ConfigError("ZALO_WEBHOOK_SECRET", "bắt buộc khi đã đặt ZALO_WEBHOOK_URL");
  }
  if (!hhmm.test(c.QUIET_HOURS.start)) throw new ConfigError("QUIET_HOURS", QUIET_HOURS_FORM);
  const publicUrl = (c.PUBLIC_URL ?? `http://localhost:${c.PORT}`).replace(/\/$/, "");
  return {
    ...c,
    PUBLIC_URL: publicUrl,
    dashboardUrl: `${publicUrl}${DASHBOARD_PATH}`,
    embedded: !c.DATABASE_URL,
    quietHoursStart: c.QUIET_HOURS.start,
    quietHoursEnd: c.QUIET_HOURS.end,
  };
}
