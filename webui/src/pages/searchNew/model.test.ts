import { describe, expect, it } from "vitest";
import { ApiError } from "../../api";
import type { CreateSearch } from "../../api";
import {
  NO_MODEL_NOTE,
  PROPOSER_CHOICES,
  SELECTION_CHOICES,
  budgetSummary,
  epochsOf,
  fieldOfError,
  fieldOfReason,
  formFieldOf,
  ppoOverrides,
  requestErrors,
  trainingsOf,
} from "./model";

describe("fieldOfReason", () => {
  it("finds the new fields in the server's reasons", () => {
    expect(fieldOfReason("finetuneFrom: no checkpoint for candidate x")).toBe("finetuneFrom");
    expect(fieldOfReason("evalSeeds must be in [0, 32] (0: no final evaluation)")).toBe("evalSeeds");
    expect(fieldOfReason("restarts: must be less than or equal to 16")).toBe("restarts");
    expect(fieldOfReason("selectionSeeds: must be less than or equal to 5")).toBe("selectionSeeds");
    expect(fieldOfReason("ppo.numEnvs: must be positive")).toBe("ppo-numEnvs");
    expect(fieldOfReason("something else")).toBeNull();
  });
});

describe("trainingsOf", () => {
  it("counts K x N x R search trainings and 3E evaluation trainings (4E when fine-tuning)", () => {
    expect(trainingsOf(4, 3, 2, 5, false)).toEqual({ search: 24, evaluation: 15 });
    expect(trainingsOf(4, 3, 1, 5, true)).toEqual({ search: 12, evaluation: 20 });
    expect(trainingsOf(4, 3, 1, 0, false)).toEqual({ search: 12, evaluation: 0 });
    expect(trainingsOf(Number.NaN, 3, 1, 1, false)).toEqual({ search: 0, evaluation: 3 });
  });

  it("adds the re-scoring trainings: the top two (at most K) on S - 1 more seeds per iteration and restart", () => {
    // K 4, N 3, R 2, S 3: 24 + 2 x 2 x 3 x 2 = 48
    expect(trainingsOf(4, 3, 2, 5, false, 3)).toEqual({ search: 48, evaluation: 15 });
    // K 1: only one candidate to re-score; S 1 adds nothing
    expect(trainingsOf(1, 2, 1, 0, false, 5)).toEqual({ search: 10, evaluation: 0 });
    expect(trainingsOf(4, 3, 1, 0, false, 1)).toEqual({ search: 12, evaluation: 0 });
  });
});

describe("formFieldOf", () => {
  it("maps a request field to the form field that shows its message", () => {
    expect(formFieldOf("samples")).toBe("samples");
    expect(formFieldOf("replayOf")).toBe("replayOf");
    expect(formFieldOf("ppo.numEnvs")).toBe("ppo-numEnvs");
    expect(formFieldOf("ppo")).toBe("ppo");
    expect(formFieldOf("humanInit")).toBe("init");
    expect(formFieldOf("budget")).toBeNull();
    expect(formFieldOf("samples.max")).toBeNull();
    expect(formFieldOf("ppo.a.b")).toBeNull();
  });
});

describe("fieldOfError", () => {
  it("uses the error body's field when there is one, whatever the reason says", () => {
    expect(fieldOfError(new ApiError(400, "must be at least 1", { field: "tokenBudget" }))).toBe("tokenBudget");
    expect(fieldOfError(new ApiError(400, "samples: must be at most 64", { field: "ppo.numSteps" }))).toBe(
      "ppo-numSteps",
    );
    expect(fieldOfError(new ApiError(400, "samples: must be at most 64", { field: "budget" }))).toBeNull();
  });

  it("falls back to the reason's prose without a field", () => {
    expect(fieldOfError(new ApiError(400, "samples: must be at most 64"))).toBe("samples");
    expect(fieldOfError(new ApiError(400, "humanInit: needs a program"))).toBe("init");
    expect(fieldOfError(new ApiError(400, "the server is busy"))).toBeNull();
    expect(fieldOfError(new Error("samples: must be at most 64"))).toBeNull();
  });
});

describe("the choices offered", () => {
  it("offers the proposers and selection modes in the vocabulary's order", () => {
    expect(PROPOSER_CHOICES.map((c) => [c.value, c.label, c.disabled])).toEqual([
      ["offline", "Offline", false],
      ["human", "Human reward only", false],
      ["llm", "LLM", true],
      ["replay", "Replay", false],
    ]);
    expect(PROPOSER_CHOICES[2].help).toBe(NO_MODEL_NOTE);
    expect(SELECTION_CHOICES.map((c) => [c.value, c.disabled])).toEqual([
      ["fitness", false],
      ["preference", true],
      ["mixed", true],
    ]);
  });
});

describe("requestErrors", () => {
  const good: CreateSearch = {
    task: "cartpole",
    proposer: "offline",
    samples: 4,
    iterations: 3,
    seed: 1,
    restarts: 1,
    evalSeeds: 5,
  };
  const noProgram = { init: "none", text: "", valid: null };

  it("finds nothing wrong with a good request", () => {
    expect(requestErrors(good, noProgram, { totalTimesteps: "4096", learningRate: "" })).toEqual([]);
    expect(requestErrors({ ...good, selectionSeeds: 2 }, noProgram, {})).toEqual([]);
  });

  it("names each wrong field with its message, in order", () => {
    expect(
      requestErrors(
        { ...good, task: "", samples: 65, iterations: 0, seed: 1.5, restarts: 17, selectionSeeds: 6, evalSeeds: -1 },
        noProgram,
        { numEnvs: "0", numSteps: "abc", learningRate: " " },
      ),
    ).toEqual([
      ["task", "Choose a task."],
      ["samples", "A whole number from 1 to 64."],
      ["iterations", "A whole number, at least 1."],
      ["seed", "A whole number."],
      ["restarts", "A whole number from 1 to 16."],
      ["selectionSeeds", "A whole number from 1 to 5 (1: one training)."],
      ["evalSeeds", "A whole number from 0 to 32 (0 skips the evaluation)."],
      ["ppo-numEnvs", "A positive number."],
      ["ppo-numSteps", "A positive number."],
    ]);
  });

  it("checks a pasted program only when it is the start", () => {
    expect(requestErrors(good, { init: "program", text: " ", valid: null }, {})).toEqual([
      ["program", "Paste a program, or choose another start."],
    ]);
    expect(requestErrors(good, { init: "program", text: "double reward", valid: false }, {})).toEqual([
      ["program", "Fix the problems listed above first."],
    ]);
    expect(requestErrors(good, { init: "program", text: "double reward", valid: true }, {})).toEqual([]);
    expect(requestErrors(good, { init: "human", text: "", valid: false }, {})).toEqual([]);
  });
});

describe("budgetSummary and epochsOf", () => {
  const budget = {
    samples: 4,
    iterations: 3,
    restarts: 1,
    evalSeeds: 5,
    finetune: false,
    totalTimesteps: 4096,
    numEnvs: 4,
    numSteps: 128,
  };

  it("says the epochs, the trainings and what the evaluation costs", () => {
    expect(epochsOf(4096, 4, 128)).toBe(8);
    expect(epochsOf(4096, 0, 128)).toBe(0);
    expect(budgetSummary(budget)).toEqual({
      ppo: "8 epochs of 512 steps per training; up to 12 trainings in the search and 15 in the final evaluation.",
      evaluation:
        "The evaluation adds up to 15 trainings of 4,096 steps each (baselines trained before with the same seeds and budget are reused from the cache).",
    });
  });

  it("says so when there is no final evaluation, and nothing about epochs it cannot count", () => {
    expect(budgetSummary({ ...budget, evalSeeds: 0 })).toEqual({
      ppo: "8 epochs of 512 steps per training; up to 12 trainings in the search.",
      evaluation: "No final evaluation: the search ends after its last iteration, without sparse baseline or HNS.",
    });
    expect(budgetSummary({ ...budget, numSteps: 0 }).ppo).toBe("");
    expect(budgetSummary({ ...budget, selectionSeeds: 2 }).ppo).toBe(
      "8 epochs of 512 steps per training; up to 18 trainings in the search and 15 in the final evaluation.",
    );
  });
});

describe("ppoOverrides", () => {
  it("keeps only the numbers that differ from the task's defaults", () => {
    expect(
      ppoOverrides({ totalTimesteps: 4096, numEnvs: 4 }, { totalTimesteps: "8192", numEnvs: "4", numSteps: "" }),
    ).toEqual({ totalTimesteps: 8192 });
  });
});
