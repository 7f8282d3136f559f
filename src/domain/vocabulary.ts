// The shared vocabulary, declared once. Every other declaration of these values is an alias of
// these; src/db/vocabulary-check.ts proves at compile time that they equal the database's enums.

/**
 * A part of a vocabulary written out (`Subset<MeetingKind, "REGULAR" | "YEAR_END">`): unlike
 * Extract, a value renamed or removed in the vocabulary fails `tsc` here instead of vanishing.
 */
export type Subset<T extends string, U extends T> = U;
export const CATEGORIES = ["STUDY", "FOLLOW", "EXAMPLE"] as const;
export type Category = (typeof CATEGORIES)[number];

export const PROGRESS_VALUES = ["DONE", "ON_TRACK", "BEHIND", "NOT_STARTED"] as const;
export type Progress = (typeof PROGRESS_VALUES)[number];

export const SELF_RATINGS = ["EXCELLENT", "GOOD", "COMPLETED", "NOT_COMPLETED"] as const;
export type SelfRating = (typeof SELF_RATINGS)[number];

export const REGISTRATION_STATUSES = ["DRAFT", "SUBMITTED", "APPROVED", "RETURNED"] as const;
export type RegistrationStatus = (typeof REGISTRATION_STATUSES)[number];

export const MEMBER_ROLES = ["MEMBER", "COMMITTEE", "DEPUTY_SECRETARY", "SECRETARY"] as const;
export type MemberRole = (typeof MEMBER_ROLES)[number];

export const MEMBER_STATUSES = ["ACTIVE", "EXEMPT", "LEFT"] as const;
export type MemberStatus = (typeof MEMBER_STATUSES)[number];

export const MEETING_KINDS = ["REGULAR", "THEMATIC", "QUARTERLY", "YEAR_END"] as const;
export type MeetingKind = (typeof MEETING_KINDS)[number];

export const MEETING_STATUSES = ["SCHEDULED", "MOVED", "CANCELLED", "HELD"] as const;
export type MeetingStatus = (typeof MEETING_STATUSES)[number];

export const DELIVERY_STATUSES = ["PENDING", "SENDING", "SENT", "FAILED", "SKIPPED"] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

export const PLATFORMS = ["TELEGRAM", "ZALO", "LOCAL"] as const;
export type Platform = (typeof PLATFORMS)[number];

/** The messengers a member links and is reached on (LOCAL is the developer's chat). */
export const MESSENGER_PLATFORMS = ["TELEGRAM", "ZALO"] as const satisfies readonly Platform[];
export type MessengerPlatform = (typeof MESSENGER_PLATFORMS)[number];
