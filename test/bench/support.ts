// Shared by the benchmarks: a fresh PostgreSQL database cloned from the migrated template, and
// bulk inserts of generated rows (one INSERT … SELECT FROM unnest(…) per batch of thousands of rows,
// the closest to COPY the installed drivers offer).
import { randomBytes } from "node:crypto";
import pg from "pg";
import { createDb, type Db } from "../../src/db/client.ts";
import { adminQuery, templateName, urlFor } from "../support/pg-admin.ts";
import { ensureTemplateDb } from "../support/global-setup.ts";

export interface BenchDb {
  url: string;
  db: Db;
  /** A raw connection for bulk inserts. */
  sql: pg.Client;
  drop(): Promise<void>;
}

export async function openBenchDb(options: { poolSize?: number } = {}): Promise<BenchDb> {
  await ensureTemplateDb();
  const name = `chibo_t_bench_${randomBytes(5).toString("hex")}`;
  await adminQuery(`CREATE DATABASE ${name} TEMPLATE ${templateName()}`);
  const url = urlFor(name);
  const db = createDb(url, { poolSize: options.poolSize ?? 10 });
  const sql = new pg.Client({ connectionString: url });
  await sql.connect();
  let dropped = false;
  return {
    url,
    db,
    sql,
    async drop() {
      if (dropped) return;
      dropped = true;
      await sql.end().catch(() => undefined);
      await db.$disconnect().catch(() => undefined);
      await adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    },
  };
}

/** A column: its name and the PostgreSQL type its values are sent as (enums by their quoted name). */
export type Column = readonly [name: string, type: string];

/**
 * Inserts rows (arrays in column order) in batches: each batch is one statement that unnests one
 * array parameter per column. Enum columns travel as text and are cast on the way in.
 */
export async function bulkInsert(sql: pg.Client, table: string, columns: readonly Column[], rows: readonly unknown[][], batch = 20_000): Promise<void> {
  const baseType = (type: string) => (type.startsWith('"') ? "text" : type);
  const names = columns.map(([name]) => `"${name}"`).join(", ");
  const selects = columns.map(([, type], i) => (type.startsWith('"') ? `c${i}::${type}` : `c${i}`)).join(", ");
  const unnest = columns.map(([, type], i) => `$${i + 1}::${baseType(type)}[]`).join(", ");
  const aliases = columns.map((_, i) => `c${i}`).join(", ");
  const text = `INSERT INTO "${table}" (${names}) SELECT ${selects} FROM unnest(${unnest}) AS t(${aliases})`;
  for (let start = 0; start < rows.length; start += batch) {
    const chunk = rows.slice(start, start + batch);
    const params = columns.map((_, i) => chunk.map((row) => row[i] ?? null));
    await sql.query(text, params);
  }
}

/** Readable unique ids: prefix + zero-padded number. */
export const idOf = (prefix: string, n: number) => `${prefix}${String(n).padStart(7, "0")}`;

export function seconds(ms: number): string {
  return (ms / 1000).toFixed(1);
}

/** `--name=value`, `--name value`, or a bare `--flag` ("true"). */
export function parseArgs(argv: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (let i = 0; i < argv.length; i++) {
    const m = /^--([a-zA-Z0-9-]+)(?:=(.*))?$/.exec(argv[i]!);
    if (!m) continue;
    const next = argv[i + 1];
    if (m[2] !== undefined) out[m[1]!] = m[2];
    else if (next !== undefined && !next.startsWith("--")) out[m[1]!] = argv[++i]!;
    else out[m[1]!] = "true";
  }
  return out;
}

/** A comma-separated list of positive whole numbers (`--rate=25,200`). */
export function intListArg(args: Record<string, string>, name: string, fallback: number[]): number[] {
  const value = args[name];
  if (value === undefined) return fallback;
  return value.split(",").map((part) => intArg({ [name]: part.trim() }, name, 0));
}

export function intArg(args: Record<string, string>, name: string, fallback: number): number {
  const value = args[name];
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new Error(`--${name} must be a positive whole number`);
  return n;
}

export const VIETNAMESE_NAMES = {
  family: ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "Lý"],
  middle: ["Văn", "Thị", "Hữu", "Đức", "Minh", "Thanh", "Ngọc", "Quang", "Thu", "Xuân"],
  given: ["Hùng", "Lan", "Nam", "Hoa", "Dũng", "Mai", "Tuấn", "Hương", "Long", "Nhung", "Sơn", "Thảo", "Bình", "Yến", "Phúc", "Trang"],
};

export function fullNameOf(n: number): string {
  const { family, middle, given } = VIETNAMESE_NAMES;
  return `${family[n % family.length]} ${middle[Math.floor(n / 7) % middle.length]} ${given[Math.floor(n / 3) % given.length]}`;
}

export function searchNameOf(fullName: string): string {
  return fullName
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/đ/g, "d")
    .replace(/Đ/g, "D")
    .toLowerCase();
}
