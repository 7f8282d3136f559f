// The "member-import" queue: a confirmed dashboard import is applied by a worker, off the web
// request, as one transaction (src/db/member-imports.ts). The MemberImport row drives it: the job
// carries the row's id only, its id is derived from the row's (adding it twice is a no-op), and a
// re-run after a crash finds the row DONE (committed with the data) or applies it from scratch
// (the crashed transaction rolled back).
import { Queue, Worker, type ConnectionOptions, type Job } from "bullmq";
import type { Db } from "../src/db/client.ts";
import type { Logger } from "../src/log.ts";
import { applyMemberImport, claimStagedImport, failStagedImport, recordImportProgress } from "../src/db/member-imports.ts";
import type { ParsedRow } from "../src/domain/member-import-plan.ts";

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

const FAILED_TEXT = "Lỗi khi ghi vào cơ sở dữ liệu; chưa có thay đổi nào được lưu. Đồng chí thử lại sau ít phút.";
const CHANGED_TEXT = "Danh sách chi bộ đã thay đổi sau khi xem trước, nên chưa nhập gì. Đồng chí tải tệp lên lại để xem trước lần nữa.";

export async function processMemberImport(db: Db, log: Logger, importId: string, progress?: (done: number, total: number) => Promise<void>, lastAttempt = true): Promise<string> {
  const staged = await claimStagedImport(db, importId);
  if (!staged) return "not-pending";
  try {
    const result = await applyMemberImport(db, {
      unitId: staged.unitId,
      rows: staged.rows as unknown as ParsedRow[],
      actorId: staged.actorId,
      via: "dashboard",
      expectedHash: staged.planHash,
      importId,
      onProgress: async (done, total) => {
        await recordImportProgress(db, importId, done);
        await progress?.(done, total);
      },
    });
    if (result.kind === "refused") {
      await failStagedImport(db, importId, result.reason === "changed" ? CHANGED_TEXT : "Tệp có dòng lỗi; chưa nhập gì.");
      return `refused:${result.reason}`;
    }
    return result.kind;
  } catch (error) {
    log.warn({ importId, err: error instanceof Error ? error.message : String(error) }, "member import failed; its transaction rolled back");
    // Retried by BullMQ; the last attempt leaves the row FAILED for the page to say so.
    if (lastAttempt) await failStagedImport(db, importId, FAILED_TEXT);
    throw error;
  }
}

export function createMemberImportWorker(options: { db: Db; log: Logger; redisUrl: string; prefix: string }): Worker<MemberImportJob> {
  const worker = new Worker<MemberImportJob>(
    MEMBER_IMPORT_QUEUE,
    async (job: Job<MemberImportJob>) =>
      processMemberImport(options.db, options.log, job.data.importId, (done, total) => job.updateProgress({ done, total }), job.attemptsMade + 1 >= (job.opts.attempts ?? 1)),
    // A 10,000-row transaction takes seconds; the lock must outlive it so no second worker starts it.
    { connection: { url: options.redisUrl }, prefix: options.prefix, concurrency: 1, lockDuration: 10 * 60_000 },
  );
  worker.on("error", (error) => options.log.error({ err: error.message, queue: MEMBER_IMPORT_QUEUE }, "worker error"));
  worker.on("failed", (job, error) => options.log.warn({ jobId: job?.id, queue: MEMBER_IMPORT_QUEUE, err: error.message }, "member import job failed"));
  return worker;
}
