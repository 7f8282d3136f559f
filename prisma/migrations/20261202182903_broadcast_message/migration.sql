-- AlterTable
ALTER TABLE "Broadcast" ADD COLUMN     "message" JSONB;
