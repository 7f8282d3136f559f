-- AlterEnum
ALTER TYPE "InboundStatus" ADD VALUE 'REPLYING';

-- AlterTable
ALTER TABLE "InboundUpdate" ADD COLUMN     "replies" JSONB,
ADD COLUMN     "repliesSent" INTEGER NOT NULL DEFAULT 0;
