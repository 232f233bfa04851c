# stripe-emulator: a local Stripe for development, never for production (port 12111). Built from the repository root:
#   podman build -f infra/images/stripe-emulator.Dockerfile -t microtickets/stripe-emulator:dev .
# `npm run images` builds every image this way, on a base made from the machine's Node.js.
ARG NODE_IMAGE=node:20.20.2-bookworm-slim

# Every workspace's manifest and the lock file, then `npm ci`: source edits leave these layers
# cached, and as the lines are the same in every Dockerfile here, all images share them.
FROM ${NODE_IMAGE} AS dependencies
ENV NPM_CONFIG_UPDATE_NOTIFIER=false
WORKDIR /app
COPY package.json package-lock.json ./
COPY common/package.json common/
COPY auth/package.json auth/
COPY tickets/package.json tickets/
COPY orders/package.json orders/
COPY expiration/package.json expiration/
COPY payments/package.json payments/
COPY client/package.json client/
COPY infra/package.json infra/
COPY infra/stripe-emulator/package.json infra/stripe-emulator/
COPY infra/dev-servers/package.json infra/dev-servers/
RUN --mount=type=cache,target=/root/.npm,sharing=locked npm ci --no-audit --no-fund

FROM dependencies AS build
COPY tsconfig.base.json ./
COPY infra/stripe-emulator/ infra/stripe-emulator/
RUN npm run build -w @microtickets/stripe-emulator

# Its production dependencies only (express), from the same lock file.
FROM ${NODE_IMAGE} AS production-dependencies
ENV NPM_CONFIG_UPDATE_NOTIFIER=false
WORKDIR /app
COPY package.json package-lock.json ./
COPY infra/stripe-emulator/package.json infra/stripe-emulator/
RUN --mount=type=cache,target=/root/.npm,sharing=locked \
    npm ci --omit=dev --no-audit --no-fund -w @microtickets/stripe-emulator
COPY infra/images/prune-node-modules.mjs /tmp/
RUN node /tmp/prune-node-modules.mjs node_modules

FROM ${NODE_IMAGE}
LABEL org.opencontainers.image.title="microtickets-stripe-emulator" \
      org.opencontainers.image.description="microtickets stripe-emulator: a local Stripe for development"
ENV NODE_ENV=production
WORKDIR /app/infra/stripe-emulator
COPY --from=production-dependencies /app/node_modules /app/node_modules
COPY infra/stripe-emulator/package.json /app/infra/stripe-emulator/
COPY --from=build /app/infra/stripe-emulator/dist /app/infra/stripe-emulator/dist
USER 10001:10001
EXPOSE 12111
# node itself is PID 1, so SIGTERM closes the emulator cleanly.
CMD ["node", "dist/main.js"]
