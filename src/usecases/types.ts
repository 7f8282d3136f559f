// What every use case takes and returns. A use case is one decision a person can make; chat flows,
// dashboard routes and CLI commands only translate their input to it and its result back.
import type { Db } from "../db/client.ts";
import type { Notifier } from "./notifier.ts";

export interface UseCaseDeps {
  db: Db;
  notifier: Notifier;
  /** The moment of the decision (never read from the clock inside a use case). */
  now: Date;
}

/** Refused, with a reason code the entry point may map and a Vietnamese text a person can read. */
export interface Refused<Code extends string = string> {
  kind: "refused";
  code: Code;
  reason: string;
}

export const refused = <Code extends string>(code: Code, reason: string): Refused<Code> => ({ kind: "refused", code, reason });
