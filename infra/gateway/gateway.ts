import { Agent, createServer, type IncomingMessage, type Server, ServerResponse } from "node:http";
import type { Socket } from "node:net";
import { answerMalformedRequests } from "@microtickets/common";
import { createProxyMiddleware } from "http-proxy-middleware";
import { sendJsonError } from "./json-error.js";
import { type GatewayRoute, longestMatch, matchesPrefix, routingPath } from "./routing.js";
import { CLOSING } from "./serve.js";
import { UpstreamPool } from "./upstream-pool.js";

export interface GatewayOptions {
  routes: GatewayRoute[];
  /** Upstreams for every path outside `/api` (the storefront); without it those paths are 404. */
  fallback?: string[];
  /** How long a replica that refused a connection is skipped (nginx: fail_timeout). */
  failTimeoutMs?: number;
  /**
   * `replace` (the default, for anything facing visitors): X-Forwarded-For becomes the
   * connection's address, whatever the client claims, so no one picks the IP the rate limits
   * count. `keep`, for a listener only a trusted proxy can reach (the storefront calling the
   * API for its visitor): the X-Forwarded-For it sends passes unchanged, as with ingress-nginx's
   * `use-forwarded-headers`, and the services' one trusted hop reads the visitor it names.
   */
  forwardedFor?: "replace" | "keep";
}

interface Attempt {
  pool: UpstreamPool;
  tried: Set<string>;
  target: string;
  client: ForwardedClient;
}

interface ForwardedClient {
  forwardedFor: string;
  realIp: string;
}

// nginx's proxy_next_upstream retries only these by default: a repeat cannot change state twice.
const RETRYABLE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * The local stand-in for the Kubernetes ingress: the same Prefix routing, the original path
 * passed on unchanged, bodies streamed untouched, X-Forwarded-* set from the connection.
 */
export function createGateway(options: GatewayOptions): Server {
  const failTimeoutMs = options.failTimeoutMs ?? 10_000;
  const routes = options.routes.map((route) => ({
    prefix: route.prefix,
    pool: new UpstreamPool(route.targets, failTimeoutMs),
  }));
  const fallback =
    options.fallback && options.fallback.length > 0
      ? new UpstreamPool(options.fallback, failTimeoutMs)
      : undefined;
  const attempts = new WeakMap<IncomingMessage, Attempt>();
  // An event stream never ends by itself: closing ends it at once (the browser reconnects
  // elsewhere) instead of holding shutdown for the whole grace period.
  const eventStreams = new Set<ServerResponse>();
  const keepForwardedFor = options.forwardedFor === "keep";

  const poolFor = (req: IncomingMessage): UpstreamPool | undefined => {
    const path = routingPath(req.url ?? "/");
    const route = longestMatch(routes, path);
    if (route) return route.pool;
    // `/api` belongs to the services: an unknown API path is a JSON 404, never the storefront.
    return matchesPrefix("/api", path) ? undefined : fallback;
  };

  const proxy = createProxyMiddleware<IncomingMessage, ServerResponse>({
    router: (req) => attempts.get(req)?.target,
    xfwd: true,
    // Without an agent http-proxy sends `Connection: close` upstream, and the upstream's
    // `Connection: close` then ends the client's keep-alive too. The idle timeout stays under
    // the services' 65 s keep-alive so we never reuse a socket they are closing.
    agent: new Agent({ keepAlive: true, timeout: 60_000 }),
    on: {
      proxyReq: (proxyReq, req) => {
        // Set, not appended to (http-proxy's xfwd appends): see `forwardedFor`.
        const client = attempts.get(req)?.client ?? forwardedClient(req, false);
        proxyReq.setHeader("x-forwarded-for", client.forwardedFor);
        proxyReq.setHeader("x-real-ip", client.realIp);
      },
      proxyRes: (proxyRes, req, res) => {
        const attempt = attempts.get(req);
        if (attempt) attempt.pool.markHealthy(attempt.target);
        if (proxyRes.headers["content-type"]?.startsWith("text/event-stream")) {
          eventStreams.add(res);
          res.once("close", () => eventStreams.delete(res));
        }
      },
      error: (_error, req, res) => {
        const attempt = attempts.get(req);
        if (attempt) attempt.pool.markFailed(attempt.target);
        if (!(res instanceof ServerResponse)) {
          (res as Socket).destroy();
          return;
        }
        if (res.headersSent) {
          res.destroy();
          return;
        }
        if (attempt && RETRYABLE_METHODS.has(req.method ?? "")) {
          forward(req, res, attempt);
          return;
        }
        sendJsonError(res, 502, "Service unavailable");
      },
    },
  });

  const forward = (req: IncomingMessage, res: ServerResponse, attempt: Attempt): void => {
    const target = attempt.pool.pick(attempt.tried);
    if (target === undefined) {
      sendJsonError(res, 502, "Service unavailable");
      return;
    }
    attempt.tried.add(target);
    attempt.target = target;
    dropForwardedHeaders(req);
    void proxy(req, res);
  };

  const server = createServer((req, res) => {
    const pool = poolFor(req);
    if (!pool) {
      sendJsonError(res, 404, "Not found");
      return;
    }
    const client = forwardedClient(req, keepForwardedFor);
    const attempt: Attempt = { pool, tried: new Set(), target: "", client };
    attempts.set(req, attempt);
    forward(req, res, attempt);
  });
  // nginx keeps an idle client connection 75 s. Node's 5 s races a client reusing the socket as
  // it closes (seen as "other side closed" on a busy machine); clients retire theirs sooner.
  server.keepAliveTimeout = 75_000;
  answerMalformedRequests(server);

  server.on(CLOSING, () => {
    for (const res of eventStreams) res.end();
  });

  // WebSocket upgrades (the storefront's dev reload) follow the same routes.
  server.on("upgrade", (req: IncomingMessage, socket: Socket, head: Buffer) => {
    const pool = poolFor(req);
    const target = pool?.pick();
    if (!pool || target === undefined) {
      socket.end("HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n");
      return;
    }
    const client = forwardedClient(req, keepForwardedFor);
    attempts.set(req, { pool, tried: new Set([target]), target, client });
    dropForwardedHeaders(req);
    proxy.upgrade(req, socket, head);
  });

  return server;
}

/** ingress-nginx without `use-forwarded-headers` ignores what the client claims. */
function dropForwardedHeaders(req: IncomingMessage): void {
  for (const name of Object.keys(req.headers)) {
    if (name.startsWith("x-forwarded-") || name === "x-real-ip") delete req.headers[name];
  }
}

/** Read before dropForwardedHeaders removes what the client sent. */
function forwardedClient(req: IncomingMessage, keep: boolean): ForwardedClient {
  const connection = clientAddress(req.socket);
  const claimed = keep ? req.headers["x-forwarded-for"] : undefined;
  const chain = (Array.isArray(claimed) ? claimed.join(",") : (claimed ?? ""))
    .split(",")
    .map((entry) => entry.trim())
    .filter(Boolean);
  const visitor = chain.at(-1);
  if (visitor === undefined) return { forwardedFor: connection, realIp: connection };
  return { forwardedFor: chain.join(", "), realIp: visitor };
}

/** `::ffff:10.0.0.1` on a dual-stack socket is the IPv4 client 10.0.0.1. */
function clientAddress(socket: Socket): string {
  const address = socket.remoteAddress ?? "";
  return address.startsWith("::ffff:") ? address.slice("::ffff:".length) : address;
}
