-- CreateEnum
CREATE TYPE "MemberImportStatus" AS ENUM ('PREVIEWED', 'QUEUED', 'RUNNING', 'DONE', 'FAILED');

-- CreateTable
CREATE TABLE "MemberImport" (
    "id" TEXT NOT NULL,
    "unitId" TEXT NOT NULL,
    "actorId" TEXT,
    "fileName" TEXT NOT NULL,
    "encoding" TEXT NOT NULL,
    "status" "MemberImportStatus" NOT NULL DEFAULT 'PREVIEWED',
    "rows" JSONB NOT NULL,
    "preview" JSONB NOT NULL,
    "planHash" TEXT NOT NULL,
    "total" INTEGER NOT NULL,
    "processed" INTEGER NOT NULL DEFAULT 0,
    "result" JSONB,
    "error" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "finishedAt" TIMESTAMP(3),

    CONSTRAINT "MemberImport_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "MemberImport_unitId_createdAt_idx" ON "MemberImport"("unitId", "createdAt");
