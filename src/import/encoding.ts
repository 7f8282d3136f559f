// Turning the bytes of a "CSV" into text. Vietnamese offices produce four kinds of files:
// UTF-8 (with a BOM when Excel writes "CSV UTF-8"), UTF-16 ("Unicode Text", tab-separated),
// Windows-1258 (plain "CSV" on Vietnamese Windows: tone marks as combining characters), and
// legacy font encodings (TCVN3/ABC, VNI) from old lists typed with .VnTime or VNI-Times fonts.
// chardet recognises the Unicode forms and Windows-1258; it cannot tell the font encodings apart
// from Windows-1258 (all three are single bytes above 0x7F), so their characteristic bytes decide.
import chardet from "chardet";
import iconv from "iconv-lite";

export type TextEncoding = "UTF-8" | "UTF-16LE" | "UTF-16BE" | "windows-1258";
export type LegacyEncoding = "TCVN3" | "VNI";

export type Decoded = { ok: true; text: string; encoding: TextEncoding } | { ok: false; encoding: LegacyEncoding; error: string };

const ICONV_NAMES: Record<TextEncoding, string> = { "UTF-8": "utf8", "UTF-16LE": "utf16le", "UTF-16BE": "utf16be", "windows-1258": "windows1258" };

/** UTF-16 without a BOM: ASCII letters leave a zero byte in every other position. */
function utf16WithoutBom(bytes: Buffer): TextEncoding | null {
  const n = Math.min(bytes.length - (bytes.length % 2), 4096);
  if (n < 4) return null;
  let evenZero = 0;
  let oddZero = 0;
  for (let i = 0; i < n; i += 2) {
    if (bytes[i] === 0) evenZero++;
    if (bytes[i + 1] === 0) oddZero++;
  }
  const pairs = n / 2;
  if (oddZero > pairs * 0.3 && evenZero < pairs * 0.05) return "UTF-16LE";
  if (evenZero > pairs * 0.3 && oddZero < pairs * 0.05) return "UTF-16BE";
  return null;
}

function validUtf8(bytes: Buffer): boolean {
  try {
    new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

/**
 * Which single-byte Vietnamese encoding the high bytes look like.
 * - TCVN3 puts lower-case Vietnamese letters at 0xA1–0xBF (ă â ê ô ơ ư đ and the tone forms of a):
 *   in Windows-1258 those bytes are symbols (¨ © ª « ¬ ­ ® µ ¶ · ¸ ¹ …) no Vietnamese text uses.
 * - VNI writes a base letter followed by a mark byte; its marks decode in Windows-1258 as Latin
 *   letters Vietnamese never uses (ø û ï ä å ë ü ñ ö Ñ Ö …), and "aâ", "eâ", "oâ", "aê" pairs
 *   (circumflex and breve marks after the base letter) never occur in Vietnamese.
 */
export function classifyLegacy(bytes: Buffer): LegacyEncoding | "windows-1258" {
  let tcvn = 0;
  let vni = 0;
  let high = 0;
  const VNI_ONLY = new Set([0xc4, 0xc5, 0xcb, 0xcf, 0xd1, 0xd6, 0xd8, 0xdb, 0xdc, 0xe4, 0xe5, 0xeb, 0xef, 0xf1, 0xf6, 0xf8, 0xfb, 0xfc]);
  const BASE = new Set([0x61, 0x65, 0x6f, 0x41, 0x45, 0x4f]); // a e o A E O
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i]!;
    if (b < 0x80) continue;
    high++;
    if (b >= 0xa1 && b <= 0xbf && b !== 0xb0) tcvn++;
    if (VNI_ONLY.has(b)) vni++;
    if ((b === 0xe2 || b === 0xea || b === 0xc2 || b === 0xca) && i > 0 && BASE.has(bytes[i - 1]!)) vni++;
  }
  if (high === 0) return "windows-1258";
  if (tcvn >= 2 && tcvn >= high * 0.15) return "TCVN3";
  if (vni >= 2 && vni >= high * 0.15) return "VNI";
  return "windows-1258";
}

const LEGACY_NAMES: Record<LegacyEncoding, string> = { TCVN3: "TCVN3 (ABC, phông .VnTime)", VNI: "VNI (phông VNI-Times)" };

export function legacyRefusal(encoding: LegacyEncoding): string {
  return `Tệp dùng bảng mã cũ ${LEGACY_NAMES[encoding]}, không đọc đúng được tiếng Việt. Đồng chí mở tệp bằng Excel, chuyển sang Unicode (ví dụ bằng Unikey: Công cụ → Chuyển mã, đích "Unicode") rồi lưu lại dạng "CSV UTF-8" hoặc XLSX.`;
}

export function decodeText(bytes: Buffer): Decoded {
  let encoding: TextEncoding | undefined;
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) encoding = "UTF-8";
  else if (bytes[0] === 0xff && bytes[1] === 0xfe) encoding = "UTF-16LE";
  else if (bytes[0] === 0xfe && bytes[1] === 0xff) encoding = "UTF-16BE";
  encoding ??= utf16WithoutBom(bytes) ?? undefined;
  if (!encoding) {
    const guess = chardet.detect(bytes);
    if (guess === "UTF-16LE" || guess === "UTF-16BE") encoding = guess;
    else if (validUtf8(bytes)) encoding = "UTF-8";
  }
  if (!encoding) {
    const legacy = classifyLegacy(bytes);
    if (legacy !== "windows-1258") return { ok: false, encoding: legacy, error: legacyRefusal(legacy) };
    encoding = "windows-1258";
  }
  // iconv-lite strips the BOM; NFC joins Windows-1258's combining tone marks to their letters.
  const text = iconv
    .decode(bytes, ICONV_NAMES[encoding])
    .replace(/^\uFEFF/, "")
    .normalize("NFC");
  return { ok: true, text, encoding };
}
