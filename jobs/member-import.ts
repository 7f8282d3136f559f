// The "member-import" queue: a confirmed dashboard import is applied by a worker, off the web
// request, as one transaction (src/db/member-imports.ts). The MemberImport row drives it: the job
// carries the row's id only, its id is derived from the row's (adding it twice is a no-op), and a
// re-run after a crash finds the row DONE (committed with the data) or applies it from scratch
// (the crashed transaction rolled back).
import { Queue, Worker, type ConnectionOptions, type Job } from "bullmq";
import type { Db } from "../src/db/client.ts";
import type { Logger } from "../src/log.ts";
import { applyStagedImport } from "../src/usecases/import-members.ts";

export const MEMBER_IMPORT_QUEUE = "member-import";

export interface MemberImportJob {
  importId: string;
}

export const memberImportJobId = (importId: string) => `import-${importId}`;

export function createMemberImportQueue(connection: ConnectionOptions, prefix: string): Queue<MemberImportJob> {
  return new Queue<MemberImportJob>(MEMBER_IMPORT_QUEUE, {
    connection,
    prefix,
    defaultJobOptions: { attempts: 3, backoff: { type: "exponential", delay: 5000 }, removeOnComplete: true, removeOnFail: { age: 7 * 24 * 3600 } },
  });
}

export async function enqueueMemberImport(queue: Queue<MemberImportJob>, importId: string): Promise<void> {
  await queue.add("apply", { importId }, { jobId: memberImportJobId(importId) });
}

/** One attempt of a job: the use case claims, applies and (on the last failed attempt) marks the row. */
export async function processMemberImport(
  db: Db,
  log: Logger,
  importId: string,
  progress?: (done: number, total: number) => Promise<void>,
  lastAttempt = true,
  now: () => Date = () => new Date(),
): Promise<string> {
  try {
    const result = await applyStagedImport({ db, now: now() }, { importId, lastAttempt, ...(progress ? { progress } : {}) });
    return result.kind === "refused" ? `refused:${result.code}` : result.kind;
  } catch (error) {
    // Retried by BullMQ; the last attempt has left the row FAILED for the page to say so.
    log.warn({ importId, err: error instanceof Error ? error.message : String(error) }, "member import failed; its transaction rolled back");
    throw error;
  }
}

export function createMemberImportWorker(options: { db: Db; log: Logger; redisUrl: string; prefix: string }): Worker<MemberImportJob> {
  const worker = new Worker<MemberImportJob>(
    MEMBER_IMPORT_QUEUE,
    async (job: Job<MemberImportJob>) =>
      processMemberImport(
        options.db,
        options.log,
        job.data.importId,
        (done, total) => job.updateProgress({ done, total }),
        job.attemptsMade + 1 >= (job.opts.attempts ?? 1),
      ),
    // A 10,000-row transaction takes seconds; the lock must outlive it so no second worker starts it.
    { connection: { url: options.redisUrl }, prefix: options.prefix, concurrency: 1, lockDuration: 10 * 60_000 },
  );
  worker.on("error", (error) => options.log.error({ err: error.message, queue: MEMBER_IMPORT_QUEUE }, "worker error"));
  worker.on("failed", (job, error) => options.log.warn({ jobId: job?.id, queue: MEMBER_IMPORT_QUEUE, err: error.message }, "member import job failed"));
  return worker;
}
