import { describe, expect, it } from "vitest";
import type { JsonTestResult, JsonTestResults } from "vitest/reporters";
import { tallyVitest } from "./test-summary.js";

function report(overrides: Partial<JsonTestResults>): JsonTestResults {
  return {
    numFailedTests: 0,
    numFailedTestSuites: 0,
    numPassedTests: 0,
    numPassedTestSuites: 0,
    numPendingTests: 0,
    numPendingTestSuites: 0,
    numTodoTests: 0,
    numTotalTests: 0,
    numTotalTestSuites: 0,
    startTime: 0,
    success: true,
    testResults: [],
    snapshot: {} as JsonTestResults["snapshot"],
    ...overrides,
  };
}

function file(status: "passed" | "failed", message = "", failedTests = 0): JsonTestResult {
  return {
    name: "/repo/x.test.ts",
    status,
    message,
    startTime: 0,
    endTime: 0,
    assertionResults: Array.from({ length: failedTests }, () => ({
      ancestorTitles: [],
      fullName: "x",
      status: "failed" as const,
      title: "x",
      meta: {},
      failureMessages: [],
      tags: [],
    })),
  };
}

describe("tallying a vitest run", () => {
  it("takes the passed and failed test counts from the report", () => {
    const tally = tallyVitest(
      report({ numPassedTests: 50, numFailedTests: 2, testResults: [file("failed", "", 2)] }),
      1,
    );

    expect(tally).toEqual({ passed: 50, failed: 2, notes: [] });
  });

  it("counts a test file that failed to load as a failure", () => {
    const tally = tallyVitest(
      report({
        numPassedTests: 3,
        testResults: [file("failed", "Cannot find module './x.js'\n at …")],
      }),
      1,
    );

    expect(tally.failed).toBe(1);
    expect(tally.notes).toEqual(["/repo/x.test.ts: Cannot find module './x.js'"]);
  });

  it("counts a failing exit with every test passed (an unhandled error) as a failure", () => {
    expect(tallyVitest(report({ numPassedTests: 7 }), 1)).toMatchObject({ passed: 7, failed: 1 });
  });

  it("counts a run that wrote no report as a failure", () => {
    expect(tallyVitest(undefined, 1)).toMatchObject({ passed: 0, failed: 1 });
  });
});
