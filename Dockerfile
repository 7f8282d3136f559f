# The bot's image: every role runs from it (ROLES chooses which). See docker-compose.yml.
# Node 22 (the LTS line the project targets, as in .nvmrc and package.json "engines").

# 1. Build: all dependencies, type-check, compile src/ to dist/.
FROM node:22-slim AS build
WORKDIR /app
# Install scripts of dependencies are skipped (Prisma runs its JavaScript engine, nothing native is
# downloaded); the Prisma client is generated explicitly instead.
COPY package.json package-lock.json prisma.config.ts ./
COPY prisma ./prisma
COPY scripts/prisma-generate.mjs ./scripts/
RUN npm ci --ignore-scripts --no-audit --no-fund && npm run db:generate
COPY . .
RUN npm run build

# 2. Production dependencies only (no tsx, no TypeScript, no test tools).
FROM node:22-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund && npm cache clean --force

# 3. What runs: node, the production dependencies, dist/ and what the Prisma CLI needs for
# migrations at start (prisma/: the schema, the migrations and migrate/, the migration CLI's config).
FROM node:22-slim
WORKDIR /app
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000 \
    REDIS_AUTOSTART=false \
    DATA_DIR=/app/data \
    ROLES=web,bot,worker,scheduler
COPY --from=deps --chown=root:root /app/node_modules ./node_modules
COPY --from=build --chown=root:root /app/dist ./dist
COPY --from=build --chown=root:root /app/package.json /app/prisma.config.ts ./
COPY --from=build --chown=root:root /app/prisma ./prisma
COPY --from=build --chown=root:root /app/examples ./examples
# The generated Prisma client is compiled into dist/; its query compiler (WASM) comes from @prisma/client.
RUN mkdir -p /app/data && chown node:node /app/data
USER node
EXPOSE 3000
HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# node itself is PID 1's child under `init: true` (compose) or PID 1: SIGTERM reaches the bot, which
# applies pending migrations at start (under Prisma's lock), finishes its jobs on stop and exits 0.
CMD ["node", "dist/main.js"]
