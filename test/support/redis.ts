// Real Redis for tests, with a unique key/queue prefix per test file.
import { randomBytes } from "node:crypto";

export const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379";

export function uniquePrefix(label = "t"): string {
  return `test_${label}_${randomBytes(5).toString("hex")}`;
}
