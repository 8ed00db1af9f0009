import { describe, expect, it } from "vitest";
import { fieldOfReason, trainingsOf } from "./searchNew";

describe("fieldOfReason", () => {
  it("finds the new fields in the server's reasons", () => {
    expect(fieldOfReason("finetuneFrom: no checkpoint for candidate x")).toBe("finetuneFrom");
    expect(fieldOfReason("evalSeeds must be in [0, 32] (0: no final evaluation)")).toBe("evalSeeds");
    expect(fieldOfReason("restarts: must be less than or equal to 16")).toBe("restarts");
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
});
