# client: the storefront, Next.js in its standalone output (port 3000). Built from the repository root:
#   podman build -f infra/images/client.Dockerfile -t microtickets/client:dev .
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

# `next build` traces what the server needs into .next/standalone, laid out from the workspace
# root (client/server.js beside its own small node_modules). It leaves the static assets, and
# public/ when there is one, to be put beside server.js, as Next's docs do.
FROM dependencies AS build
ENV NEXT_TELEMETRY_DISABLED=1
COPY tsconfig.base.json ./
COPY client/ client/
RUN npm run build -w @microtickets/client
RUN cp -r client/.next/static client/.next/standalone/client/.next/static \
    && if [ -d client/public ]; then cp -r client/public client/.next/standalone/client/public; fi
COPY infra/images/prune-standalone.mjs /tmp/
RUN node /tmp/prune-standalone.mjs client/.next/standalone client

FROM ${NODE_IMAGE}
LABEL org.opencontainers.image.title="microtickets-client" \
      org.opencontainers.image.description="microtickets storefront: server-rendered Next.js"
ENV NODE_ENV=production \
    NEXT_TELEMETRY_DISABLED=1 \
    PORT=3000 \
    HOSTNAME=0.0.0.0
WORKDIR /app
COPY --from=build /app/client/.next/standalone /app
USER 10001:10001
EXPOSE 3000
# node itself is PID 1, so SIGTERM reaches Next's server.
CMD ["node", "client/server.js"]
