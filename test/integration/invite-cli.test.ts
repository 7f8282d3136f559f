// `npm run cli -- invite --member "<name>" --json` → {"code","telegramLink","zaloText"}, and the
// code links the member's account.
import { spawnSync } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHarness, type Harness } from "../support/harness.ts";

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(async () => {
  await h?.close();
});

function cli(args: string[], env: Record<string, string> = {}) {
  const result = spawnSync(process.execPath, ["--import", "tsx", "src/cli/index.ts", ...args], {
    cwd: new URL("../..", import.meta.url).pathname,
    env: { PATH: process.env.PATH ?? "", DATABASE_URL: h.t.url, ...env },
    encoding: "utf8",
    timeout: 120_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe("invite CLI", () => {
  it("prints the code, the Telegram deep link and the Zalo text as JSON, and the code links the member", async () => {
    const out = cli(["invite", "--member", "pham thi hong nhung", "--json"], { TELEGRAM_BOT_USERNAME: "ChiBoDemoBot" });
    expect(out.stderr).toBe("");
    expect(out.code).toBe(0);
    const json = JSON.parse(out.stdout) as { code: string; telegramLink: string; zaloText: string };
    expect(json.code).toMatch(/^[ACDEFGHJKMNPQRTUVWXY34679]{10}$/);
    expect(json.telegramLink).toBe(`https://t.me/ChiBoDemoBot?start=${json.code}`);
    expect(json.zaloText).toContain(json.code);
    const stored = await h.t.db.inviteCode.findFirstOrThrow({ where: { member: { fullName: "Phạm Thị Hồng Nhung" } } });
    expect(stored.codeHash).not.toContain(json.code);
    expect(stored.expiresAt.getTime() - stored.createdAt.getTime()).toBeGreaterThan(6.9 * 86_400_000);
    const replies = await h.say("nhung-cli", json.code);
    expect(replies[0]).toContain("đồng chí Nhung");
  });

  it("refuses an unknown name with a clear message and creates nothing", async () => {
    const before = await h.t.db.inviteCode.count();
    const out = cli(["invite", "--member", "Không Có Ai", "--json"]);
    expect(out.code).toBe(1);
    expect(out.stderr).toContain("Không tìm thấy");
    expect(await h.t.db.inviteCode.count()).toBe(before);
  });
});
