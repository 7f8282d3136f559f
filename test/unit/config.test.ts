// Configuration: defaults, every variable's good and bad values, the one-line exit of `npm start`
// on a bad value, and the rule that only src/config.ts reads process.env.
import { spawn } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../../src/config.ts";

const root = fileURLToPath(new URL("../..", import.meta.url));

function configError(env: Record<string, string>): ConfigError {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error(`expected a ConfigError for ${JSON.stringify(env)}`);
}

describe("loadConfig defaults", () => {
  it("gives a runnable embedded configuration for an empty environment", () => {
    const c = loadConfig({});
    expect(c.NODE_ENV).toBe("development");
    expect(c.LOG_LEVEL).toBe("info");
    expect(c.ROLES).toEqual(["web", "bot", "worker", "scheduler"]);
    expect(c.HOST).toBe("0.0.0.0");
    expect(c.PORT).toBe(3000);
    expect(c.PUBLIC_URL).toBe("http://localhost:3000");
    expect(c.DATA_DIR).toBe("./data");
    expect(c.DATABASE_URL).toBeUndefined();
    expect(c.embedded).toBe(true);
    expect(c.EMBEDDED_DB_PORT).toBe(54329);
    expect(c.SEED_DEMO).toBeUndefined();
    expect(c.REDIS_URL).toBe("redis://127.0.0.1:6379");
    expect(c.REDIS_AUTOSTART).toBe(true);
    expect(c.QUEUE_PREFIX).toBe("chibo");
    expect(c.DEFAULT_TIME_ZONE).toBe("Asia/Ho_Chi_Minh");
    expect(c.quietHoursStart).toBe("21:00");
    expect(c.quietHoursEnd).toBe("07:00");
    expect(c.REMINDER_OFFSETS).toEqual([3 * 1440, 1440, 120]);
    expect(c.PLANNER_CRON).toBe("*/5 * * * *");
    expect(c.PLANNER_HORIZON_DAYS).toBe(60);
    expect(c.WORKER_CONCURRENCY).toBe(10);
    expect(c.SHUTDOWN_TIMEOUT_MS).toBe(10_000);
    expect(c.TELEGRAM_BOT_TOKEN).toBeUndefined();
    expect(c.TELEGRAM_RATE_PER_SECOND).toBe(25);
    expect(c.TELEGRAM_GROUP_PER_MINUTE).toBe(20);
    expect(c.ZALO_BOT_TOKEN).toBeUndefined();
    expect(c.ZALO_API_BASE).toBe("https://bot-api.zaloplatforms.com");
    expect(c.ZALO_RATE_PER_SECOND).toBe(10);
  });

  it("treats empty strings (KEY= in a .env file) as not set", () => {
    const c = loadConfig({ PORT: "", DATABASE_URL: "", ROLES: "", TELEGRAM_BOT_TOKEN: "" });
    expect(c.PORT).toBe(3000);
    expect(c.embedded).toBe(true);
    expect(c.ROLES).toHaveLength(4);
    expect(c.TELEGRAM_BOT_TOKEN).toBeUndefined();
  });
});

describe("loadConfig good values", () => {
  it("parses a production-like environment", () => {
    const c = loadConfig({
      NODE_ENV: "production",
      LOG_LEVEL: "warn",
      ROLES: " worker , worker,scheduler",
      HOST: "127.0.0.1",
      PORT: "8080",
      PUBLIC_URL: "https://chibo.example.vn/",
      DATA_DIR: "/var/lib/chibo",
      DATABASE_URL: "postgresql://chibo:secret@db:5432/chibo",
      EMBEDDED_DB_PORT: "0",
      SEED_DEMO: "yes",
      REDIS_URL: "rediss://:pw@cache:6380/2",
      REDIS_AUTOSTART: "0",
      QUEUE_PREFIX: "chibo_prod-1",
      DEFAULT_TIME_ZONE: "Asia/Bangkok",
      QUIET_HOURS: "22:30-06:15",
      REMINDER_OFFSETS: "30m, 2h,1d,2h",
      PLANNER_CRON: "0 * * * *",
      PLANNER_HORIZON_DAYS: "366",
      WORKER_CONCURRENCY: "50",
      SHUTDOWN_TIMEOUT_MS: "2500",
      TELEGRAM_BOT_TOKEN: "123456:ABC-def_GHI",
      TELEGRAM_API_ROOT: "http://127.0.0.1:8081",
      TELEGRAM_WEBHOOK_URL: "https://chibo.example.vn/webhooks/telegram",
      TELEGRAM_WEBHOOK_SECRET: "s3cret_token-123",
      TELEGRAM_BOT_USERNAME: "chibo_bot",
      TELEGRAM_RATE_PER_SECOND: "30",
      TELEGRAM_GROUP_PER_MINUTE: "19",
      ZALO_BOT_TOKEN: "1234567890:zalo-token",
      ZALO_API_BASE: "http://127.0.0.1:9999",
      ZALO_WEBHOOK_URL: "https://chibo.example.vn/webhooks/zalo",
      ZALO_WEBHOOK_SECRET: "zalo-secret",
      ZALO_RATE_PER_SECOND: "5",
    });
    expect(c.NODE_ENV).toBe("production");
    expect(c.LOG_LEVEL).toBe("warn");
    expect(c.ROLES).toEqual(["worker", "scheduler"]);
    expect(c.HOST).toBe("127.0.0.1");
    expect(c.PORT).toBe(8080);
    expect(c.PUBLIC_URL).toBe("https://chibo.example.vn");
    // The link messages give (the digest's last line) opens the dashboard, not the site's root.
    expect(c.dashboardUrl).toBe("https://chibo.example.vn/dashboard");
    expect(c.DATA_DIR).toBe("/var/lib/chibo");
    expect(c.embedded).toBe(false);
    expect(c.EMBEDDED_DB_PORT).toBe(0);
    expect(c.SEED_DEMO).toBe(true);
    expect(c.REDIS_AUTOSTART).toBe(false);
    expect(c.QUEUE_PREFIX).toBe("chibo_prod-1");
    expect(c.DEFAULT_TIME_ZONE).toBe("Asia/Bangkok");
    expect([c.quietHoursStart, c.quietHoursEnd]).toEqual(["22:30", "06:15"]);
    expect(c.REMINDER_OFFSETS).toEqual([1440, 120, 30]);
    expect(c.PLANNER_CRON).toBe("0 * * * *");
    expect(c.PLANNER_HORIZON_DAYS).toBe(366);
    expect(c.WORKER_CONCURRENCY).toBe(50);
    expect(c.SHUTDOWN_TIMEOUT_MS).toBe(2500);
    expect(c.TELEGRAM_BOT_TOKEN).toBe("123456:ABC-def_GHI");
    expect(c.TELEGRAM_BOT_USERNAME).toBe("chibo_bot");
    expect(c.TELEGRAM_RATE_PER_SECOND).toBe(30);
    expect(c.TELEGRAM_GROUP_PER_MINUTE).toBe(19);
    expect(c.ZALO_API_BASE).toBe("http://127.0.0.1:9999");
    expect(c.ZALO_WEBHOOK_SECRET).toBe("zalo-secret");
    expect(c.ZALO_RATE_PER_SECOND).toBe(5);
  });

  it.each([
    ["PORT", "0", 0],
    ["PORT", "65535", 65535],
    ["SEED_DEMO", "false", false],
    ["SEED_DEMO", "1", true],
    ["REDIS_AUTOSTART", "no", false],
    ["DATABASE_URL", "postgres://u@h/db", "postgres://u@h/db"],
    ["REDIS_URL", "redis://localhost", "redis://localhost"],
    ["DEFAULT_TIME_ZONE", "UTC", "UTC"],
    ["LOG_LEVEL", "silent", "silent"],
  ])("%s=%s is accepted", (variable, value, expected) => {
    expect(loadConfig({ [variable]: value })[variable as keyof ReturnType<typeof loadConfig>]).toEqual(expected);
  });
});

describe("loadConfig bad values", () => {
  const cases: [string, Record<string, string>][] = [
    ["NODE_ENV", { NODE_ENV: "staging" }],
    ["LOG_LEVEL", { LOG_LEVEL: "verbose" }],
    ["ROLES", { ROLES: "web,foo" }],
    ["ROLES", { ROLES: ",," }],
    ["PORT", { PORT: "abc" }],
    ["PORT", { PORT: "70000" }],
    ["PORT", { PORT: "-1" }],
    ["PORT", { PORT: "80.5" }],
    ["PUBLIC_URL", { PUBLIC_URL: "chibo.example.vn" }],
    ["PUBLIC_URL", { PUBLIC_URL: "ftp://chibo.example.vn" }],
    ["DATABASE_URL", { DATABASE_URL: "mysql://root@localhost/chibo" }],
    ["DATABASE_URL", { DATABASE_URL: "not a url" }],
    ["EMBEDDED_DB_PORT", { EMBEDDED_DB_PORT: "99999" }],
    ["SEED_DEMO", { SEED_DEMO: "maybe" }],
    ["REDIS_URL", { REDIS_URL: "http://x" }],
    ["REDIS_AUTOSTART", { REDIS_AUTOSTART: "sometimes" }],
    ["QUEUE_PREFIX", { QUEUE_PREFIX: "chibo:prod" }],
    ["DEFAULT_TIME_ZONE", { DEFAULT_TIME_ZONE: "Mars/Base" }],
    ["QUIET_HOURS", { QUIET_HOURS: "25:00-07:00" }],
    ["QUIET_HOURS", { QUIET_HOURS: "21:00" }],
    ["REMINDER_OFFSETS", { REMINDER_OFFSETS: "3x" }],
    ["REMINDER_OFFSETS", { REMINDER_OFFSETS: "1d,2 weeks" }],
    ["REMINDER_OFFSETS", { REMINDER_OFFSETS: " , " }],
    ["PLANNER_CRON", { PLANNER_CRON: "every five minutes" }],
    ["PLANNER_HORIZON_DAYS", { PLANNER_HORIZON_DAYS: "0" }],
    ["PLANNER_HORIZON_DAYS", { PLANNER_HORIZON_DAYS: "400" }],
    ["WORKER_CONCURRENCY", { WORKER_CONCURRENCY: "many" }],
    ["SHUTDOWN_TIMEOUT_MS", { SHUTDOWN_TIMEOUT_MS: "-5" }],
    ["TELEGRAM_BOT_TOKEN", { TELEGRAM_BOT_TOKEN: "bad" }],
    ["TELEGRAM_API_ROOT", { TELEGRAM_API_ROOT: "api.telegram.org" }],
    ["TELEGRAM_WEBHOOK_URL", { TELEGRAM_WEBHOOK_URL: "telegram" }],
    ["TELEGRAM_WEBHOOK_SECRET", { TELEGRAM_WEBHOOK_URL: "https://chibo.example.vn/webhooks/telegram" }],
    ["TELEGRAM_WEBHOOK_SECRET", { TELEGRAM_WEBHOOK_SECRET: "short" }],
    ["TELEGRAM_WEBHOOK_SECRET", { TELEGRAM_WEBHOOK_SECRET: "has spaces in it" }],
    ["TELEGRAM_BOT_USERNAME", { TELEGRAM_BOT_USERNAME: "@chibo_bot" }],
    ["TELEGRAM_RATE_PER_SECOND", { TELEGRAM_RATE_PER_SECOND: "0" }],
    ["TELEGRAM_GROUP_PER_MINUTE", { TELEGRAM_GROUP_PER_MINUTE: "x" }],
    ["ZALO_BOT_TOKEN", { ZALO_BOT_TOKEN: "short" }],
    ["ZALO_API_BASE", { ZALO_API_BASE: "bot-api.zaloplatforms.com" }],
    ["ZALO_WEBHOOK_URL", { ZALO_WEBHOOK_URL: "zalo" }],
    ["ZALO_WEBHOOK_SECRET", { ZALO_WEBHOOK_URL: "https://chibo.example.vn/webhooks/zalo" }],
    ["ZALO_WEBHOOK_SECRET", { ZALO_WEBHOOK_SECRET: "short" }],
    ["ZALO_RATE_PER_SECOND", { ZALO_RATE_PER_SECOND: "1.5" }],
    ["LOGIN_LIMIT_PER_IP", { LOGIN_LIMIT_PER_IP: "20000" }],
    ["METRICS_TOKEN", { METRICS_TOKEN: "short" }],
    ["DOCUMENT_PLACE", { DOCUMENT_PLACE: "x".repeat(81) }],
    ["YEAR_END_FORM", { YEAR_END_FORM: "mau-la" }],
  ];

  it.each(cases)("%s: %j → ConfigError naming the variable, in Vietnamese", (variable, env) => {
    const error = configError(env);
    expect(error.variable).toBe(variable);
    expect(error.message).toContain(variable);
    expect(error.message).not.toContain("\n");
    // One Vietnamese line for the person at the terminal: no English (zod's own words included).
    expect(error.message.startsWith(`Cấu hình sai: ${variable} `)).toBe(true);
    expect(error.message).not.toMatch(/\b(must|Invalid|invalid|expected|required|got|Too|too|only|characters|like)\b/);
  });

  it("names the wrong value so the fix is obvious", () => {
    expect(configError({ PORT: "abc" }).message).toBe('Cấu hình sai: PORT phải là một số (đang là "abc")');
    expect(configError({ ROLES: "web,foo" }).message).toContain('vai trò lạ "foo"');
    expect(configError({ REDIS_URL: "http://x" }).message).toContain("redis://");
  });

  it("does not echo secrets back", () => {
    const token = configError({ TELEGRAM_BOT_TOKEN: "123456:ABC DEF secret" });
    expect(token.message).not.toContain("secret");
    const zalo = configError({ ZALO_BOT_TOKEN: "tok" });
    expect(zalo.message).not.toContain('"tok"');
    const db = configError({ DATABASE_URL: "mysql://root:hunter2@localhost/chibo" });
    expect(db.message).not.toContain("hunter2");
    expect(db.message).toContain("mysql://root:***@localhost/chibo");
  });
});

describe("npm start with a bad value", () => {
  it("exits with code 2 and one line on stderr naming the variable", async () => {
    const env: Record<string, string | undefined> = { ...process.env, PORT: "abc", DATABASE_URL: undefined };
    const child = spawn(process.execPath, ["--import", "tsx", "src/main.ts"], { cwd: root, env, stdio: ["ignore", "pipe", "pipe"] });
    let stderr = "";
    let stdout = "";
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    const timer = setTimeout(() => child.kill("SIGKILL"), 60_000);
    const code = await new Promise<number | null>((resolve) => child.on("exit", (c) => resolve(c)));
    clearTimeout(timer);
    expect(code).toBe(2);
    const lines = stderr.split("\n").filter((l) => l.trim() !== "");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/\bPORT\b/);
    expect(stdout).toBe("");
  }, 90_000);
});

describe("only src/config.ts reads process.env", () => {
  function tsFiles(dir: string): string[] {
    return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) return entry.name === "generated" ? [] : tsFiles(path);
      return entry.name.endsWith(".ts") ? [path] : [];
    });
  }

  it("finds no other reader under src/ and jobs/", () => {
    const files = [...tsFiles(join(root, "src")), ...tsFiles(join(root, "jobs"))];
    expect(files.length).toBeGreaterThan(10);
    const readers = /\bprocess\s*\.\s*env\b|\bprocess\s*\[\s*["'`]env["'`]\s*\]|import\s*\{[^}]*\benv\b[^}]*\}\s*from\s*["'](node:)?process["']/;
    const offenders = files
      .filter((file) => {
        const code = readFileSync(file, "utf8")
          .replace(/\/\*[\s\S]*?\*\//g, "")
          .replace(/(^|[^:])\/\/.*$/gm, "$1");
        return readers.test(code);
      })
      .map((file) => relative(root, file));
    expect(offenders).toEqual(["src/config.ts"]);
  });
});

describe(".env.example", () => {
  const example = readFileSync(join(root, ".env.example"), "utf8");
  const entries = example
    .split("\n")
    .map((line) => /^([A-Z][A-Z0-9_]*)=(.*)$/.exec(line))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => [m[1]!, m[2]!.replace(/^"(.*)"$/, "$1")] as const);

  it("lists every variable of src/config.ts, once", () => {
    const source = readFileSync(join(root, "src", "config.ts"), "utf8");
    const schemaBody = source.slice(source.indexOf("const schema = z.object({"), source.indexOf("export type Config"));
    const variables = [...schemaBody.matchAll(/^ {2}([A-Z][A-Z0-9_]*):/gm)].map((m) => m[1]!);
    expect(variables.length).toBeGreaterThan(20);
    const listed = entries.map(([name]) => name);
    expect(new Set(listed).size).toBe(listed.length);
    expect([...listed].sort()).toEqual([...variables].sort());
  });

  it("is itself a valid configuration equal to the defaults", () => {
    const fromExample = loadConfig(Object.fromEntries(entries));
    expect(fromExample).toEqual(loadConfig({}));
  });
});
