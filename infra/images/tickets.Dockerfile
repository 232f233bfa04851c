# tickets: tickets for sale, and their live updates (port 4002). Built from the repository root:
#   podman build -f infra/images/tickets.Dockerfile -t microtickets/tickets:dev .
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

# common first, alone: the layer is the same for every service's image.
FROM dependencies AS build
COPY tsconfig.base.json ./
COPY common/ common/
RUN npm run build -w @microtickets/common
COPY tickets/ tickets/
RUN npm run build -w @microtickets/tickets

# Production dependencies of this service (and of common) only, from the same lock file.
FROM ${NODE_IMAGE} AS production-dependencies
ENV NPM_CONFIG_UPDATE_NOTIFIER=false
WORKDIR /app
COPY package.json package-lock.json ./
COPY common/package.json common/
COPY tickets/package.json tickets/
RUN --mount=type=cache,target=/root/.npm,sharing=locked \
    npm ci --omit=dev --no-audit --no-fund -w @microtickets/tickets
COPY infra/images/prune-node-modules.mjs /tmp/
RUN node /tmp/prune-node-modules.mjs node_modules

FROM ${NODE_IMAGE}
LABEL org.opencontainers.image.title="microtickets-tickets" \
      org.opencontainers.image.description="microtickets tickets: tickets for sale, and their live updates"
ENV NODE_ENV=production
WORKDIR /app/tickets
COPY --from=production-dependencies /app/node_modules /app/node_modules
# common's own migrations (outbox, inbox, keys) are read at start, beside its dist;
# the service's are in its dist (its build copies them).
COPY common/package.json /app/common/
COPY common/migrations /app/common/migrations
COPY --from=build /app/common/dist /app/common/dist
COPY tickets/package.json /app/tickets/
COPY --from=build /app/tickets/dist /app/tickets/dist
USER 10001:10001
EXPOSE 4002
# node itself is PID 1, so SIGTERM reaches the service's drain (common/src/service/run-service.ts).
CMD ["node", "dist/index.js"]
