# The bot's image: every role runs from it (ROLES chooses which). See docker-compose.yml.
FROM node:20-slim

WORKDIR /app
RUN chown node:node /app
USER node

# Dependencies first, so a code change does not reinstall them. Install scripts of dependencies are
# skipped (nothing here needs them: Prisma uses its JavaScript engine, see ../shared/PRISMA-OFFLINE.md);
# the Prisma client is generated explicitly instead. Dev dependencies stay: `npm start` runs the
# TypeScript sources through tsx.
COPY --chown=node:node package.json package-lock.json prisma.config.ts ./
COPY --chown=node:node prisma ./prisma
RUN npm ci --ignore-scripts --no-audit --no-fund && npm run db:generate && npm cache clean --force

COPY --chown=node:node . .

ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000 \
    REDIS_AUTOSTART=false \
    DATA_DIR=/app/data \
    ROLES=web,bot,worker,scheduler

EXPOSE 3000

# Migrations first (idempotent, under Prisma's lock), then the roles in ROLES: what `npm start` runs,
# exec'd without npm in between, because npm exits on SIGTERM without passing it on; this way
# `docker stop` reaches the bot, which finishes its jobs and exits 0.
CMD ["sh", "-c", "npm run db:migrate && exec node --import tsx src/main.ts"]
