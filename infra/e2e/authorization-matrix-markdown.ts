import {
  AUTHORIZATION_MATRIX,
  CALLERS,
  type Caller,
  type Cell,
  NOBODY,
  ROUTES,
  YOU,
} from "./authorization-matrix.js";

export const MATRIX_START = "<!-- authorization-matrix:start -->";
export const MATRIX_END = "<!-- authorization-matrix:end -->";
export const REGENERATE =
  "node --conditions=source infra/bootstrap.mjs infra/e2e/print-authorization-matrix.ts";

const HEADINGS: Record<Caller, string> = {
  anonymous: "anonymous",
  owner: "owner",
  other: "another user",
  "alg:none": "`alg: none`",
  edited: "edited payload",
  hs256: "HS256, public key as secret",
  expired: "expired",
  "not-jwt": "`not.a.jwt`",
  base64: "random base64",
};

const shown = (cell: Cell) =>
  cell === NOBODY ? "200 `null`" : cell === YOU ? "200 you" : `${cell}`;

/** The table as README.md shows it, from the const the matrix test runs. */
export function renderAuthorizationMatrix(): string {
  const header = `| route | ${CALLERS.map((caller) => HEADINGS[caller]).join(" | ")} |`;
  const rule = `|---|${CALLERS.map(() => "---").join("|")}|`;
  const rows = ROUTES.map(
    (route) => `| \`${route}\` | ${AUTHORIZATION_MATRIX[route].map(shown).join(" | ")} |`,
  );
  return [
    `<!-- generated from infra/e2e/authorization-matrix.ts by: ${REGENERATE} -->`,
    header,
    rule,
    ...rows,
    "",
    "Owner: the ticket's seller, the order's buyer (for `POST /api/orders`, the ticket's seller).",
    "Every forged session claims to be the owner; expired is signed with auth's real key.",
    "`currentuser` answers `{currentUser: null}` (`null`) or names the caller (you).",
  ].join("\n");
}

/** What README.md holds between the markers, or undefined without them. */
export function matrixInReadme(readme: string): string | undefined {
  const start = readme.indexOf(MATRIX_START);
  const end = readme.indexOf(MATRIX_END);
  if (start < 0 || end < start) return undefined;
  return readme.slice(start + MATRIX_START.length, end).trim();
}
