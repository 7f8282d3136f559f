// A fresh, migrated PostgreSQL database for one test file.
import { randomBytes } from "node:crypto";
import { createDb, type Db } from "../../src/db/client.ts";
import { adminQuery, templateName, urlFor } from "./pg-admin.ts";

export interface TestDb {
  url: string;
  db: Db;
  drop(): Promise<void>;
}

export async function createTestDb(): Promise<TestDb> {
  const name = `chibo_t_${randomBytes(6).toString("hex")}`;
  await adminQuery(`CREATE DATABASE ${name} TEMPLATE ${templateName()}`);
  const url = urlFor(name);
  const db = createDb(url, { poolSize: 5 });
  return {
    url,
    db,
    async drop() {
      await db.$disconnect();
      await adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    },
  };
}
