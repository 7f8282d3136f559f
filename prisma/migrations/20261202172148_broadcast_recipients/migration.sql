-- AlterTable
ALTER TABLE "Broadcast" ADD COLUMN     "recipientIds" TEXT[] DEFAULT ARRAY[]::TEXT[],
ADD COLUMN     "rowsWrittenAt" TIMESTAMP(3);

-- Broadcasts from before were written in one transaction: all their rows exist.
UPDATE "Broadcast" SET "rowsWrittenAt" = "createdAt";
