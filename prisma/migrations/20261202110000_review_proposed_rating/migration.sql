-- The chi ủy's proposed rating (đề xuất xếp loại) of a member's year-end self-assessment, kept
-- with the comment it was given with (/nhanxet and the dashboard's assessment page).
ALTER TABLE "Review" ADD COLUMN "proposedRating" "SelfRating";
