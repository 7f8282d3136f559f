import { describe, expect, it } from "vitest";
import { memberOwes, type RegistrationStatusValue } from "../../src/domain/owed.ts";

describe("memberOwes", () => {
  it.each<[RegistrationStatusValue, boolean, string[]]>([
    ["NONE", false, ["REGISTRATION", "ASSESSMENT"]],
    ["NONE", true, ["REGISTRATION"]],
    ["DRAFT", false, ["REGISTRATION", "ASSESSMENT"]],
    ["DRAFT", true, ["REGISTRATION"]],
    ["SUBMITTED", false, ["ASSESSMENT"]],
    ["SUBMITTED", true, []],
    ["APPROVED", false, ["ASSESSMENT"]],
    ["APPROVED", true, []],
    ["RETURNED", false, ["REGISTRATION_RETURNED", "ASSESSMENT"]],
    ["RETURNED", true, ["REGISTRATION_RETURNED"]],
  ])("an active member with registration %s, assessed %s, owes %j", (registrationStatus, assessmentSubmitted, owes) => {
    expect(memberOwes({ status: "ACTIVE", registrationStatus, assessmentSubmitted })).toEqual({ exempt: false, owes });
  });

  it.each(["EXEMPT", "LEFT"] as const)("a %s member owes nothing and is exempt", (status) => {
    for (const registrationStatus of ["NONE", "DRAFT", "RETURNED", "APPROVED"] as const) {
      expect(memberOwes({ status, registrationStatus, assessmentSubmitted: false })).toEqual({ exempt: true, owes: [] });
    }
  });

  it("owes no assessment when no period is open", () => {
    expect(memberOwes({ status: "ACTIVE", registrationStatus: "NONE", assessmentSubmitted: false, assessmentOpen: false })).toEqual({
      exempt: false,
      owes: ["REGISTRATION"],
    });
    expect(memberOwes({ status: "ACTIVE", registrationStatus: "APPROVED", assessmentSubmitted: false, assessmentOpen: false })).toEqual({
      exempt: false,
      owes: [],
    });
    expect(memberOwes({ status: "ACTIVE", registrationStatus: "APPROVED", assessmentSubmitted: false, assessmentOpen: true })).toEqual({
      exempt: false,
      owes: ["ASSESSMENT"],
    });
  });
});
