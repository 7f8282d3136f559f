// The shared vocabulary, declared once. Every other declaration of these values is an alias of
// these; src/db/vocabulary-check.ts proves at compile time that they equal the database's enums.
export const CATEGORIES = ["STUDY", "FOLLOW", "EXAMPLE"] as const;
export type Category = (typeof CATEGORIES)[number];

export const PROGRESS_VALUES = ["DONE", "ON_TRACK", "BEHIND", "NOT_STARTED"] as const;
export type Progress = (typeof PROGRESS_VALUES)[number];

export const SELF_RATINGS = ["EXCELLENT", "GOOD", "COMPLETED", "NOT_COMPLETED"] as const;
export type SelfRating = (typeof SELF_RATINGS)[number];

export const REGISTRATION_STATUSES = ["DRAFT", "SUBMITTED", "APPROVED", "RETURNED"] as const;
export type RegistrationStatus = (typeof REGISTRATION_STATUSES)[number];

export const MEMBER_STATUSES = ["ACTIVE", "EXEMPT", "LEFT"] as const;
export type MemberStatus = (typeof MEMBER_STATUSES)[number];

export const MEETING_KINDS = ["REGULAR", "THEMATIC", "QUARTERLY", "YEAR_END"] as const;
export type MeetingKind = (typeof MEETING_KINDS)[number];

export const MEETING_STATUSES = ["SCHEDULED", "MOVED", "CANCELLED", "HELD"] as const;
export type MeetingStatus = (typeof MEETING_STATUSES)[number];

export const DELIVERY_STATUSES = ["PENDING", "SENDING", "SENT", "FAILED", "SKIPPED"] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];
