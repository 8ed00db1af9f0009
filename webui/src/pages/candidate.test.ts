import { describe, expect, it } from "vitest";
import { selectionText, trainedOn } from "./candidate";

describe("where a candidate trained", () => {
  it("names the device and the worker", () => {
    const el = trainedOn({ device: "gpu", deviceReason: null, worker: "gpu-box-1" });
    expect(el.textContent).toBe("GPU \u00b7 gpu-box-1");
    expect(el.querySelector("#candidate-device-reason")).toBeNull();
  });

  it("says why the CPU stood in for the GPU", () => {
    const el = trainedOn({
      device: "cpu",
      deviceReason: "task 'reacher' has no device kernels (cartpole, pendulum, mountain-car and acrobot do)",
      worker: "local",
    });
    expect(el.textContent).toBe(
      "CPU \u00b7 local (task 'reacher' has no device kernels (cartpole, pendulum, mountain-car and acrobot do))",
    );
    expect(el.querySelector("#candidate-device-reason")?.textContent).toContain("no device kernels");
  });
});

describe("a candidate re-scored on the selection seeds", () => {
  it("shows its F on each seed and their mean", () => {
    expect(selectionText({ selectionScores: [0.75, 0.625], selectionScore: 0.6875 })).toBe(
      "mean 0.688 over 2 seeds: 0.750, 0.625",
    );
  });

  it("shows a seed still training as a dash and the mean as pending", () => {
    expect(
      selectionText({
        selectionScores: [0.75, null] as unknown as number[],
        selectionScore: null as unknown as number,
      }),
    ).toBe("mean pending over 2 seeds: 0.750, \u2014");
  });
});
