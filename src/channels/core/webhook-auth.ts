// One webhook authentication: the secret header compared in constant time. The web layer calls it
// in an onRequest hook, before the body is read, so an unauthenticated caller cannot make the
// server parse (or buffer) anything.
import { createHash, timingSafeEqual } from "node:crypto";
import type { WebhookRequest } from "../types.ts";

function digest(value: string): Buffer {
  return createHash("sha256").update(value, "utf8").digest();
}

export function createSecretCheck(headerName: string, secret: string): (headers: WebhookRequest["headers"]) => boolean {
  const expected = digest(secret);
  const name = headerName.toLowerCase();
  return (headers) => {
    let given: string | undefined;
    for (const [key, value] of Object.entries(headers)) {
      if (key.toLowerCase() !== name) continue;
      given = Array.isArray(value) ? value[0] : value;
      break;
    }
    return typeof given === "string" && timingSafeEqual(digest(given), expected);
  };
}
