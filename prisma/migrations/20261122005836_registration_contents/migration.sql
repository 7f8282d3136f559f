-- AlterTable
ALTER TABLE "CommitmentItem" ADD COLUMN     "categories" "CommitmentCategory"[] DEFAULT ARRAY[]::"CommitmentCategory"[];

-- AlterTable
ALTER TABLE "CollectiveCommitment" ADD COLUMN     "vagueKept" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "vagueReasons" JSONB,
ADD COLUMN     "vagueScore" DOUBLE PRECISION,
ADD COLUMN     "vagueVerdict" TEXT;

