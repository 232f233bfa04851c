import { readFileSync } from "node:fs";
import type { JsonTestResults } from "vitest/reporters";

export interface Tally {
  passed: number;
  failed: number;
  /** Failures the counts alone would hide: a file that did not load, a crash, an unhandled error. */
  notes: string[];
}

/** Vitest's JSON report, or undefined when it wrote none (it crashed before reporting). */
export function readVitestReport(file: string): JsonTestResults | undefined {
  try {
    const report = JSON.parse(readFileSync(file, "utf8")) as Partial<JsonTestResults>;
    const valid =
      typeof report.numPassedTests === "number" &&
      typeof report.numFailedTests === "number" &&
      Array.isArray(report.testResults);
    return valid ? (report as JsonTestResults) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Tests passed and failed, where a file that failed to load counts as one failure (it has no
 * failed tests, so numFailedTests misses it), and a non-zero exit with nothing failed counts as
 * one too (an unhandled error, no test files matched).
 */
export function tallyVitest(report: JsonTestResults | undefined, exitCode: number): Tally {
  if (!report) {
    return { passed: 0, failed: 1, notes: [`vitest wrote no report (exit code ${exitCode})`] };
  }
  const brokenFiles = report.testResults.filter(
    (file) =>
      file.status === "failed" && !file.assertionResults.some((test) => test.status === "failed"),
  );
  const notes = brokenFiles.map(
    (file) => `${file.name}: ${file.message.split("\n", 1)[0] || "failed to run"}`,
  );
  let failed = report.numFailedTests + brokenFiles.length;
  if (exitCode !== 0 && failed === 0) {
    failed = 1;
    notes.push(`vitest exited with code ${exitCode} although no test failed`);
  }
  return { passed: report.numPassedTests, failed, notes };
}
