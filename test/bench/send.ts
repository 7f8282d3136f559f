// npm run bench -- send [--n=5000] [--concurrency=10] [--rounds=3]
// The CPU one reply costs on its way out: N texts sent through the Telegram adapter (undici's
// request) to the fake Bot API, `concurrency` at a time, beside the same texts sent with telegraf's
// own client (node-fetch over node's http), the anchor, on a fake of its own in the same run. Both
// figures include the fake's share (it runs in this process), so compare them with each other, not
// with a real platform. No database.
import { Telegram } from "telegraf";
import { createTelegramAdapter } from "../../src/channels/telegram/adapter.ts";
import { startFakeTelegram } from "../fakes/fake-telegram.ts";
import { intArg } from "./support.ts";

const TEXT = "Đồng chí gõ /camket để xem bản đăng ký của mình, /danhgia để tự đánh giá tháng này.";
const FAKE_LIMITS = { ratePerSecond: 1_000_000, perChatPerSecond: 1_000_000 };

/** CPU ms per send and sends/s for `n` sends, `concurrency` at a time, after a warm-up of a fifth. */
async function measure(n: number, concurrency: number, send: (i: number) => Promise<unknown>): Promise<{ cpu: number; perSecond: number }> {
  for (let i = 0; i < Math.ceil(n / 5); i++) await send(i);
  let next = 0;
  const cpu0 = process.cpuUsage();
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < n) await send(next++);
    }),
  );
  const cpu = process.cpuUsage(cpu0);
  return { cpu: (cpu.user + cpu.system) / 1000 / n, perSecond: n / ((performance.now() - started) / 1000) };
}

export async function run(args: Record<string, string>): Promise<string> {
  const n = intArg(args, "n", 5000);
  const concurrency = intArg(args, "concurrency", 10);
  const rounds = intArg(args, "rounds", 3);
  const ours = await startFakeTelegram({ ...FAKE_LIMITS, token: "777101:bench-send" });
  const anchor = await startFakeTelegram({ ...FAKE_LIMITS, token: "777102:bench-send-anchor" });
  const adapter = createTelegramAdapter({ token: ours.token, apiRoot: ours.apiRoot });
  const telegraf = new Telegram(anchor.token, { apiRoot: anchor.apiRoot });
  const chat = (i: number) => String(100_000 + (i % 50));
  try {
    const results: Array<{ ours: { cpu: number; perSecond: number }; anchor: { cpu: number; perSecond: number } }> = [];
    for (let round = 0; round < rounds; round++) {
      // Each round starts with the other one, so neither always runs on a warmer process.
      const first = round % 2 === 0;
      const a = first ? await measure(n, concurrency, (i) => adapter.send(chat(i), { kind: "text", text: TEXT })) : undefined;
      const b = await measure(n, concurrency, (i) => telegraf.sendMessage(Number(chat(i)), TEXT));
      const c = a ?? (await measure(n, concurrency, (i) => adapter.send(chat(i), { kind: "text", text: TEXT })));
      results.push({ ours: c, anchor: b });
      console.log(
        `  round ${round + 1}: adapter ${c.cpu.toFixed(3)} ms CPU/send, ${c.perSecond.toFixed(0)} sends/s | telegraf's client ${b.cpu.toFixed(3)} ms, ${b.perSecond.toFixed(0)} sends/s`,
      );
    }
    const median = (values: number[]) => [...values].sort((x, y) => x - y)[Math.floor((values.length - 1) / 2)]!;
    const ourCpu = median(results.map((r) => r.ours.cpu));
    const anchorCpu = median(results.map((r) => r.anchor.cpu));
    return (
      `send: n=${n} concurrency=${concurrency} adapter=${ourCpu.toFixed(3)}ms CPU/send (${median(results.map((r) => r.ours.perSecond)).toFixed(0)}/s) ` +
      `anchor: telegraf=${anchorCpu.toFixed(3)}ms CPU/send (${median(results.map((r) => r.anchor.perSecond)).toFixed(0)}/s) ratio=${(ourCpu / anchorCpu).toFixed(2)}`
    );
  } finally {
    await ours.close();
    await anchor.close();
  }
}
