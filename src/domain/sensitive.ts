// Citizen ID (CCCD, 12 digits; old CMND, 9 digits) and party card numbers must not be stored as
// typed: they are masked before a flow sees the text, and the member is warned.

const PATTERNS: RegExp[] = [
  /(?<!\d)\d{12}(?!\d)/g, // CCCD
  /(?<!\d)\d{3}[ .-]\d{3}[ .-]\d{3}[ .-]\d{3}(?!\d)/g, // CCCD written in groups
  /(?<![\d.])\d{2}\.\d{6}(?![\d.])/g, // party card number as printed, e.g. 01.234567
  /(?<=th[eẻ]\s*(đ|d)[aả]ng\D{0,12})\d[\d .]{5,12}\d/gi, // "số thẻ đảng 01234567"
];

const NINE_DIGITS = /(?<!\d)\d{9}(?!\d)/g; // CMND, only when the text says so (9 digits are also amounts)
const ID_WORDS = /\b(cmnd|cccd|can cuoc|căn cước|chứng minh|chung minh|định danh|dinh danh)\b/i;

export const MASK = "[đã ẩn]";

export function maskSensitiveNumbers(text: string): { text: string; masked: boolean } {
  let out = text;
  for (const pattern of PATTERNS) out = out.replace(pattern, MASK);
  if (ID_WORDS.test(text)) out = out.replace(NINE_DIGITS, MASK);
  return { text: out, masked: out !== text };
}
