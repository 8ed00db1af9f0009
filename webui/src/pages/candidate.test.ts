import { describe, expect, it } from "vitest";
import { trainedOn } from "./candidate";

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
