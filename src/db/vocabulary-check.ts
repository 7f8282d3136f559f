// Compile-time proof that the vocabulary declared in src/domain/vocabulary.ts is exactly the
// database's enums: adding or renaming a value on one side only fails `tsc`.
import type * as Db from "../generated/prisma/enums.ts";
import type * as V from "../domain/vocabulary.ts";
// The channels declare Platform on their own; checked here until it becomes an alias.
import type { Platform as ChannelPlatform } from "../channels/types.ts";

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Assert<T extends true> = T;

export type VocabularyMatchesDatabase = [
  Assert<Same<V.Category, Db.CommitmentCategory>>,
  Assert<Same<V.Progress, Db.ItemProgress>>,
  Assert<Same<V.SelfRating, Db.SelfRating>>,
  Assert<Same<V.RegistrationStatus, Db.RegistrationStatus>>,
  Assert<Same<V.MemberRole, Db.MemberRole>>,
  Assert<Same<V.MemberStatus, Db.MemberStatus>>,
  Assert<Same<V.MeetingKind, Db.MeetingKind>>,
  Assert<Same<V.MeetingStatus, Db.MeetingStatus>>,
  Assert<Same<V.DeliveryStatus, Db.DeliveryStatus>>,
  Assert<Same<V.Platform, Db.Platform>>,
  Assert<Same<ChannelPlatform, V.Platform>>,
];
