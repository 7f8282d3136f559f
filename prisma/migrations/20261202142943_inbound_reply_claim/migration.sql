-- AlterTable
ALTER TABLE "InboundUpdate" ADD COLUMN     "sendClaim" TEXT,
ADD COLUMN     "sendClaimUntil" TIMESTAMP(3);
