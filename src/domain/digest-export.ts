// The digest and roll-up as JSON (plain serializable objects, dates as ISO strings). The XLSX
// forms are built with every other export in src/exports.
import type { CellDigest, Rollup } from "./digest/index.ts";

// ---------------------------------------------------------------------------------------------
// JSON

/** T with every Date replaced by its ISO string. */
export type Jsonify<T> = T extends Date ? string : T extends ReadonlyArray<infer U> ? Jsonify<U>[] : T extends object ? { [K in keyof T]: Jsonify<T[K]> } : T;

export const CELL_DIGEST_SCHEMA = "chibo.cell-digest/1";
export const ROLLUP_SCHEMA = "chibo.rollup/1";

export type CellDigestJson = { schema: typeof CELL_DIGEST_SCHEMA } & Jsonify<CellDigest>;
export type RollupJson = { schema: typeof ROLLUP_SCHEMA } & Jsonify<Rollup>;

function plain(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(plain);
  if (value !== null && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      if (v !== undefined) out[k] = plain(v);
    }
    return out;
  }
  return value;
}

/** The digest as a plain object (JSON.stringify-able; dates as ISO strings). */
export function digestToJson(digest: CellDigest): CellDigestJson {
  return { schema: CELL_DIGEST_SCHEMA, ...(plain(digest) as Jsonify<CellDigest>) };
}

/** The roll-up as a plain object: numbers and unit names only. */
export function rollupToJson(rollup: Rollup): RollupJson {
  return { schema: ROLLUP_SCHEMA, ...(plain(rollup) as Jsonify<Rollup>) };
}
