// Inbound de-duplication: the same platform update (retried webhook, overlapping poll) is handled once.
import type { Db } from "./client.ts";
import { Prisma } from "./client.ts";
import type { Platform } from "../channels/types.ts";

/** True when this call is the first to see the update; concurrent duplicates get false. */
export async function claimUpdate(db: Db, platform: Platform, updateId: string): Promise<boolean> {
  try {
    await db.processedUpdate.create({ data: { platform, updateId } });
    return true;
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") return false;
    throw error;
  }
}

/** Handling failed before anything was sent: let a redelivery of the update try again. */
export async function releaseUpdate(db: Db, platform: Platform, updateId: string): Promise<void> {
  await db.processedUpdate.deleteMany({ where: { platform, updateId } });
}
