import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { repoRoot } from "../launcher/paths.js";
import { matrixCells } from "./authorization-matrix.js";
import {
  MATRIX_END,
  MATRIX_START,
  matrixInReadme,
  REGENERATE,
  renderAuthorizationMatrix,
} from "./authorization-matrix-markdown.js";

describe("the authorization matrix as Markdown", () => {
  const rendered = renderAuthorizationMatrix();

  it("shows every cell of the table, one row per route", () => {
    const rows = rendered.split("\n").filter((line) => line.startsWith("| `"));
    expect(rows).toHaveLength(new Set(matrixCells().map((cell) => cell.route)).size);
    expect(rows).toContain(
      "| `PUT /api/tickets/:id` | 401 | 200 | 403 | 401 | 401 | 401 | 401 | 401 | 401 |",
    );
    expect(rendered).toContain("| `GET /api/users/currentuser` | 200 `null` | 200 you | 200 you |");
  });

  it("finds what README.md holds between the markers", () => {
    expect(matrixInReadme(`a\n${MATRIX_START}\n| x |\n${MATRIX_END}\nb`)).toBe("| x |");
    expect(matrixInReadme("no markers")).toBeUndefined();
  });

  it("is what README.md shows", () => {
    const readme = readFileSync(join(repoRoot, "README.md"), "utf8");
    const shown = matrixInReadme(readme);
    const fix = `put the output of \`${REGENERATE}\` in README.md between ${MATRIX_START} and ${MATRIX_END}`;
    expect(shown, `README.md has no authorization matrix: ${fix}`).toBeDefined();
    expect(shown, `README.md's authorization matrix is not the table's: ${fix}`).toBe(rendered);
  });
});
