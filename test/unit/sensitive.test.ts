// Personal numbers in free text: CCCD (12 digits) and party card numbers are masked however they
// are disguised (groups, dashes, dots, zero-width characters, full-width digits), and ordinary
// numbers (dates, phone numbers, times, counts, amounts) are left as typed. Property-based
// (fast-check) over generated disguises, plus the cases a reviewer found.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { MASK, maskSensitiveNumbers } from "../../src/domain/sensitive.ts";

const FULL_WIDTH_ZERO = 0xff10;
const SEPARATORS = [" ", "-", ".", " - ", "\u00a0", "\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u202e", " \u200b", "–", "_"];

const digitChar = fc
  .record({ d: fc.integer({ min: 0, max: 9 }), wide: fc.boolean() })
  .map(({ d, wide }) => (wide ? String.fromCodePoint(FULL_WIDTH_ZERO + d) : String(d)));
const digitsOf = (n: number) => fc.array(digitChar, { minLength: n, maxLength: n });

/** Digits written with a random separator (or none) after each, the groups as a person might. */
function disguise(digits: string[], breaks: boolean[], seps: string[]): string {
  return digits.map((d, i) => (i < digits.length - 1 && breaks[i] ? d + seps[i % seps.length] : d)).join("");
}

const disguised = (n: number) =>
  fc
    .tuple(digitsOf(n), fc.array(fc.boolean(), { minLength: n, maxLength: n }), fc.array(fc.constantFrom(...SEPARATORS), { minLength: 1, maxLength: 4 }))
    .map(([digits, breaks, seps]) => disguise(digits, breaks, seps));

const words = fc.constantFrom("Số", "của tôi là", "đồng chí", "ghi", "giúp", "cảm ơn", "nhé", "CCCD", "căn cước", "mã", "Kính gửi chi bộ", "");
const sentence = (inner: fc.Arbitrary<string>) =>
  fc.tuple(words, inner, words).map(([before, number, after]) => `${before}${before ? " " : ""}${number}${after ? ", " : ""}${after}`);

/** All digits left in a text, read as a person would (full-width folded, nothing invisible). */
const digitsLeft = (text: string) => text.normalize("NFKC").replace(/[^0-9]/g, "");

describe("maskSensitiveNumbers: disguised numbers are masked", () => {
  it("masks any 12-digit CCCD number however it is grouped, dashed, dotted, widened or split by invisible characters", () => {
    fc.assert(
      fc.property(sentence(disguised(12)), (text) => {
        const result = maskSensitiveNumbers(text);
        expect(result.masked).toBe(true);
        expect(result.text).toContain(MASK);
        expect(digitsLeft(result.text)).toBe("");
      }),
      { numRuns: 500 },
    );
  });

  it("masks a party card number printed as 01.234567, disguised the same ways", () => {
    const card = fc
      .tuple(
        disguised(2).filter((s) => !s.includes(".")),
        fc.constantFrom(".", ". ", "\u200b.", ".\u2060", "．"),
        disguised(6).filter((s) => !s.includes(".")),
      )
      .map(([a, dot, b]) => `${a}${dot}${b}`);
    fc.assert(
      fc.property(sentence(card), (text) => {
        const result = maskSensitiveNumbers(text);
        expect(result.masked).toBe(true);
        expect(digitsLeft(result.text)).toBe("");
      }),
      { numRuns: 300 },
    );
  });

  it("masks the digits written after 'số thẻ đảng'", () => {
    fc.assert(
      fc.property(
        fc.constantFrom("số thẻ đảng", "Thẻ Đảng số", "the dang:"),
        fc.integer({ min: 6, max: 10 }).chain((n) => disguised(n)),
        (words, number) => {
          const result = maskSensitiveNumbers(`${words} ${number} ạ`);
          expect(result.masked).toBe(true);
          expect(digitsLeft(result.text)).toBe("");
        },
      ),
      { numRuns: 200 },
    );
  });

  it("masks a 9-digit CMND only when the text names the document", () => {
    fc.assert(
      fc.property(disguised(9), (number) => {
        expect(digitsLeft(maskSensitiveNumbers(`CMND cũ ${number}`).text)).toBe("");
        expect(maskSensitiveNumbers(`Chứng minh nhân dân: ${number}`).masked).toBe(true);
      }),
      { numRuns: 200 },
    );
  });
});

describe("maskSensitiveNumbers: ordinary numbers are kept", () => {
  const pad = (n: number, width: number) => String(n).padStart(width, "0");
  const date = fc
    .tuple(fc.integer({ min: 1, max: 28 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 2000, max: 2100 }), fc.constantFrom("/", "-", "."))
    .map(([d, m, y, sep]) => `${pad(d, 2)}${sep}${pad(m, 2)}${sep}${y}`);
  const phone = fc
    .tuple(fc.constantFrom("09", "03", "08", "07", "05"), fc.integer({ min: 0, max: 99_999_999 }), fc.constantFrom("plain", "groups", "dots", "intl"))
    .map(([head, rest, style]) => {
      const digits = `${head}${pad(rest, 8)}`;
      if (style === "groups") return `${digits.slice(0, 4)} ${digits.slice(4, 7)} ${digits.slice(7)}`;
      if (style === "dots") return `${digits.slice(0, 4)}.${digits.slice(4, 7)}.${digits.slice(7)}`;
      if (style === "intl") return `+84 ${digits.slice(1, 4)} ${digits.slice(4, 7)} ${digits.slice(7)}`;
      return digits;
    });
  const time = fc.tuple(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 })).map(([h, m]) => `${pad(h, 2)}:${pad(m, 2)}`);
  const count = fc.integer({ min: 0, max: 100_000 }).map((n) => `${n} thửa`);
  const amount = fc.integer({ min: 1, max: 999_999 }).map((n) => `${(n * 1000).toLocaleString("de-DE")} đồng`);
  const ordinary = fc.oneof(date, phone, time, count, amount);

  it("leaves dates, phone numbers, times, counts and amounts as typed", () => {
    fc.assert(
      fc.property(fc.array(ordinary, { minLength: 1, maxLength: 4 }), (numbers) => {
        const text = `Họp ngày ${numbers.join(" và ")} tại hội trường`;
        expect(maskSensitiveNumbers(text)).toEqual({ text, masked: false });
      }),
      { numRuns: 500 },
    );
  });
});

describe("maskSensitiveNumbers: cases from the review", () => {
  it.each([
    ["CCCD 079 123 456 789", "CCCD [đã ẩn]"],
    ["CCCD 079-123-456-789.", "CCCD [đã ẩn]."],
    ["CCCD ０７９１２３４５６７８９", "CCCD [đã ẩn]"],
    ["CCCD 0791\u200b2345\u200b6789", "CCCD [đã ẩn]"],
    ["Thẻ đảng 01.234567, cấp 2010", "Thẻ đảng [đã ẩn], cấp 2010"],
    ["Số 079123456789 và 0912 345 678", "Số [đã ẩn] và 0912 345 678"],
  ])("%j → %j", (input, expected) => {
    expect(maskSensitiveNumbers(input).text).toBe(expected);
  });

  it("does not mask a 13-digit run or an 11-digit one", () => {
    expect(maskSensitiveNumbers("mã 0791234567891").masked).toBe(false);
    expect(maskSensitiveNumbers("mã 07912345678").masked).toBe(false);
  });
});
