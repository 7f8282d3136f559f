import { describe, expect, it } from "vitest";
import { countWithPercent, percent } from "../../src/domain/percent.ts";

describe("percent", () => {
  it.each([
    [3, 7, 43],
    [2, 12, 17],
    [1, 8, 13],
    [1, 3, 33],
    [2, 3, 67],
    [0, 5, 0],
    [5, 5, 100],
    [6, 5, 100],
    [199, 200, 99],
  ])("%i of %i is %i%", (count, total, expected) => {
    expect(percent(count, total)).toBe(expected);
  });

  it("has no percentage for nobody", () => {
    expect(percent(0, 0)).toBeNull();
    expect(countWithPercent(0, 0)).toBe("0/0");
  });

  it("writes the count with the percentage", () => {
    expect(countWithPercent(2, 12)).toBe("2/12 (17%)");
    expect(countWithPercent(3, 7)).toBe("3/7 (43%)");
  });
});
