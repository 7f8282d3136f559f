// A 2 MB XLSX can unpack to gigabytes (a "zip bomb"): exceljs would inflate it all in memory. The
// guard looks at the sizes the zip's central directory declares (fflate reads them without
// inflating anything), then inflates the entries as a stream in small steps, counting bytes and
// keeping none, so a file whose headers lie is stopped at the limit too. Memory stays bounded by
// one step's output, and the event loop is yielded between steps so /healthz keeps answering.
import { setImmediate as yieldLoop } from "node:timers/promises";
import { Unzip, UnzipInflate, unzipSync } from "fflate";

export const XLSX_LIMITS = {
  /** Total of all entries once unpacked: a 10,000-member list is about 5 MB. */
  totalBytes: 50 * 1024 * 1024,
  entries: 2000,
};

const STEP = 8 * 1024; // compressed bytes per step: at most ~8 MB of output even at deflate's 1032:1

export type XlsxCheck = { ok: true; unpackedBytes: number } | { ok: false; error: string };

const tooBig = (limit: number): XlsxCheck => ({
  ok: false,
  error: `Tệp XLSX khi giải nén lớn hơn ${Math.round(limit / 1024 / 1024)} MB, quá lớn đối với một danh sách đảng viên. Đồng chí chỉ để lại trang danh sách (bỏ ảnh, các trang tính khác) hoặc lưu dạng "CSV UTF-8" rồi nhập lại.`,
});
const notXlsx: XlsxCheck = {
  ok: false,
  error: "Tệp không phải bảng tính XLSX hợp lệ. Đồng chí lưu lại bằng Excel (Excel Workbook .xlsx) hoặc dạng CSV UTF-8.",
};

export async function checkXlsxSize(content: Uint8Array, limits = XLSX_LIMITS): Promise<XlsxCheck> {
  let declared = 0;
  let entries = 0;
  try {
    unzipSync(content, {
      filter: (file) => {
        entries++;
        declared += file.originalSize;
        return false; // read the directory only
      },
    });
  } catch {
    return notXlsx;
  }
  if (entries === 0) return notXlsx;
  if (entries > limits.entries || declared > limits.totalBytes) return tooBig(limits.totalBytes);

  let actual = 0;
  let failed: XlsxCheck | null = null;
  const unzip = new Unzip((file) => {
    file.ondata = (error, chunk) => {
      if (failed) return;
      if (error) {
        failed = notXlsx;
        return;
      }
      actual += chunk.length;
      if (actual > limits.totalBytes) {
        failed = tooBig(limits.totalBytes);
        file.terminate();
      }
    };
    try {
      file.start();
    } catch {
      failed = notXlsx; // a compression method other than stored/deflate
    }
  });
  unzip.register(UnzipInflate);
  try {
    for (let at = 0; at < content.length && !failed; at += STEP) {
      unzip.push(content.subarray(at, at + STEP), at + STEP >= content.length);
      if ((at / STEP) % 32 === 31) await yieldLoop();
    }
  } catch {
    failed ??= notXlsx;
  }
  return failed ?? { ok: true, unpackedBytes: actual };
}
