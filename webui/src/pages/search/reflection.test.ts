import { describe, expect, it } from "vitest";
import type { HumanReflection } from "../../api";
import { awaitedReflection, reflectionHelp } from "./reflection";

function reflection(iteration: number, awaiting: boolean, text: string | null): HumanReflection {
  return {
    restart: 0,
    iteration,
    candidate: `c${iteration}`,
    automatic: "We trained a policy ...",
    awaiting,
    text,
    author: text === null ? null : "ann",
    awaitedAt: "2026-01-01T00:00:00Z",
    writtenAt: text === null ? null : "2026-01-01T00:01:00Z",
  };
}

describe("the human reflection panel", () => {
  it("says where the text goes and how long the search waits", () => {
    expect(reflectionHelp("add", 600)).toBe(
      "Your text follows the automatic reflection in the next prompt, verbatim. Without a text the search goes on with the automatic reflection after 10 min.",
    );
    expect(reflectionHelp("replace", undefined)).toBe(
      "Your text replaces the automatic reflection in the next prompt, verbatim.",
    );
  });

  it("offers only the reflection the search waits for and nobody wrote yet", () => {
    expect(awaitedReflection([reflection(1, false, "done"), reflection(2, true, null)])?.iteration).toBe(2);
    expect(awaitedReflection([reflection(1, false, null)])).toBeNull();
    expect(awaitedReflection([reflection(1, true, "written")])).toBeNull();
    expect(awaitedReflection([])).toBeNull();
  });
});
