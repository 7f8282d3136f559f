// Prisma client factory. Nothing outside src/db imports Prisma directly.
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "../generated/prisma/client.ts";

export type Db = PrismaClient;
export { Prisma } from "../generated/prisma/client.ts";
export type * from "../generated/prisma/client.ts";

export function createDb(connectionString: string, options: { poolSize?: number } = {}): Db {
  // adapter-pg@7 targets a newer client than 6.19's types name; the runtime contract is the same.
  const adapter = new PrismaPg({ connectionString, max: options.poolSize ?? 10 });
  return new PrismaClient({ adapter: adapter as never });
}

/** True when the database answers a trivial query. */
export async function pingDb(db: Db): Promise<boolean> {
  try {
    await db.$queryRawUnsafe("SELECT 1");
    return true;
  } catch {
    return false;
  }
}
