// Which platform adapters this process has, from the configuration. No token, no adapter: the bot
// then runs with the local chat only (npm run chat).
import type { Config } from "../config.ts";
import type { Logger } from "../log.ts";
import type { ChannelAdapter, ChannelObserver, ExclusiveLock, Platform } from "./types.ts";
import { createTelegramAdapter, type TelegramAdapter } from "./telegram/adapter.ts";
import { createZaloAdapter } from "./zalo/adapter.ts";

export interface PlatformAdapters {
  all: ChannelAdapter[];
  telegram?: TelegramAdapter;
  get(platform: Platform): ChannelAdapter | undefined;
}

export function createPlatformAdapters(config: Config, log: Logger, extras: { observer?: ChannelObserver; exclusive?: ExclusiveLock } = {}): PlatformAdapters {
  const all: ChannelAdapter[] = [];
  let telegram: TelegramAdapter | undefined;
  if (config.TELEGRAM_BOT_TOKEN) {
    telegram = createTelegramAdapter({
      token: config.TELEGRAM_BOT_TOKEN,
      ...(config.TELEGRAM_API_ROOT ? { apiRoot: config.TELEGRAM_API_ROOT } : {}),
      ...(config.TELEGRAM_WEBHOOK_URL ? { webhookUrl: config.TELEGRAM_WEBHOOK_URL } : {}),
      ...(config.TELEGRAM_WEBHOOK_SECRET ? { webhookSecret: config.TELEGRAM_WEBHOOK_SECRET } : {}),
      logger: log.child({ platform: "TELEGRAM" }),
      ...extras,
    });
    all.push(telegram);
  }
  if (config.ZALO_BOT_TOKEN) {
    all.push(
      createZaloAdapter({
        token: config.ZALO_BOT_TOKEN,
        apiBase: config.ZALO_API_BASE,
        ...(config.ZALO_WEBHOOK_URL ? { webhookUrl: config.ZALO_WEBHOOK_URL } : {}),
        ...(config.ZALO_WEBHOOK_SECRET ? { webhookSecret: config.ZALO_WEBHOOK_SECRET } : {}),
        logger: log.child({ platform: "ZALO" }),
        ...extras,
      }),
    );
  }
  return { all, ...(telegram ? { telegram } : {}), get: (platform) => all.find((a) => a.platform === platform) };
}
