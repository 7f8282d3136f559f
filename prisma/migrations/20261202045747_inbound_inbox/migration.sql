-- CreateEnum
CREATE TYPE "InboundStatus" AS ENUM ('PENDING', 'DONE', 'FAILED');

-- CreateTable
CREATE TABLE "InboundUpdate" (
    "seq" BIGSERIAL NOT NULL,
    "platform" "Platform" NOT NULL,
    "updateId" TEXT NOT NULL,
    "conversation" TEXT NOT NULL,
    "event" JSONB NOT NULL,
    "status" "InboundStatus" NOT NULL DEFAULT 'PENDING',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "lastError" TEXT,
    "receivedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "handledAt" TIMESTAMP(3),

    CONSTRAINT "InboundUpdate_pkey" PRIMARY KEY ("seq")
);

-- CreateIndex
CREATE INDEX "InboundUpdate_status_conversation_seq_idx" ON "InboundUpdate"("status", "conversation", "seq");

-- CreateIndex
CREATE UNIQUE INDEX "InboundUpdate_platform_updateId_key" ON "InboundUpdate"("platform", "updateId");
