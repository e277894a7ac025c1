# syntax=docker/dockerfile:1
# Multi-stage: build with dev dependencies, run with production dependencies only, as a non-root user.
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY web/package.json web/package-lock.json ./web/
RUN npm ci --prefix web --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json nest-cli.json ormconfig.ts ./
COPY src ./src
COPY migrations ./migrations
# The dashboard compiles the TypeScript SDK from its sources (packages/sdk/src).
COPY packages/sdk/src ./packages/sdk/src
COPY web ./web
RUN npx nest build && npm --prefix web run build && npm prune --omit=dev

FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production PORT=8000 DATA_DIR=/data WEB_DIST_DIR=/app/web/dist
WORKDIR /app
RUN groupadd --system octopus && useradd --system --gid octopus --home /app octopus \
  && mkdir -p /data && chown octopus:octopus /data
COPY --from=build --chown=octopus:octopus /app/node_modules ./node_modules
COPY --from=build --chown=octopus:octopus /app/dist ./dist
COPY --from=build --chown=octopus:octopus /app/web/dist ./web/dist
COPY --chown=octopus:octopus package.json ./
USER octopus
EXPOSE 8000
VOLUME ["/data"]
HEALTHCHECK --interval=30s --timeout=5s CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||8000)+'/health').then(r=>process.exit(r.ok?0:1)).catch(()=>process.exit(1))"
# Migrations run at start (RUN_MIGRATIONS=true, under an advisory lock), then the server listens.
CMD ["node", "dist/src/main.js"]
