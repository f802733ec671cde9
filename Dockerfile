# syntax=docker/dockerfile:1
# License Desk: compiled once with the dev dependencies, run from dist/ with production ones only.
#   docker build -t license-desk .
#   docker run -p 3978:3978 --env-file .env license-desk
# Configuration comes from the environment only (README "Configuration", .env.example).

FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY bot ./bot
COPY cards ./cards
COPY appPackage ./appPackage
COPY scripts ./scripts
COPY bench ./bench
COPY test/harness ./test/harness
RUN npm run build

FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production \
    PORT=3978
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/dist ./dist
# `npm run catalog|reset` in the container run the compiled tools through this launcher.
COPY scripts/launch.js ./scripts/launch.js
# The sample organisation and catalog: only read when no directory and no Cosmos account are configured.
COPY data/sample ./data/sample
# The embedded store (no COSMOS_ENDPOINT) journals under .data/: the only place the process writes.
RUN mkdir -p /app/.data && chown node:node /app/.data
USER node
# HOST is left to the configuration on purpose: with MicrosoftAppId (authenticated) it listens on
# 0.0.0.0; without it, on 127.0.0.1 only, so an unauthenticated image is never reachable from outside.
EXPOSE 3978
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3978) + '/readyz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "dist/bot/index.js"]
