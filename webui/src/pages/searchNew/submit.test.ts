import { afterEach, describe, expect, it } from "vitest";
import { ApiError } from "../../api";
import { h } from "../../dom";
import { FormFields } from "./fields";
import { showServerError } from "./submit";

describe("showServerError", () => {
  afterEach(() => document.body.replaceChildren());

  function form(): { fields: FormFields; message: HTMLElement } {
    const fields = new FormFields();
    const message = h("div", { id: "ns-message" });
    document.body.append(
      message,
      fields.field("samples", "K", h("input", { id: "ns-samples" })),
      fields.field("ppo-numEnvs", "Environments", h("input", { id: "ns-ppo-numEnvs" })),
    );
    return { fields, message };
  }

  const error = (name: string): HTMLElement => document.getElementById(`ns-${name}-error`)!;

  it("puts the reason beside the field the body names, and focuses it", () => {
    const { fields, message } = form();
    showServerError(new ApiError(400, "must be positive", { field: "ppo.numEnvs" }), fields, message);
    expect(error("ppo-numEnvs").hidden).toBe(false);
    expect(error("ppo-numEnvs").textContent).toBe("must be positive");
    expect(error("samples").hidden).toBe(true);
    expect(document.getElementById("ns-ppo-numEnvs")!.getAttribute("aria-invalid")).toBe("true");
    expect(document.activeElement?.id).toBe("ns-ppo-numEnvs");
    expect(message.textContent).toBe("The server did not accept the search; see the message beside the field.");
  });

  it("trusts the body's field over the reason's prose", () => {
    const { fields, message } = form();
    showServerError(new ApiError(400, "samples: too many", { field: "ppo.numEnvs" }), fields, message);
    expect(error("ppo-numEnvs").textContent).toBe("samples: too many");
    expect(error("samples").hidden).toBe(true);
  });

  it("reads the field from the reason when the body names none", () => {
    const { fields, message } = form();
    showServerError(new ApiError(400, "samples: must be at most 64"), fields, message);
    expect(error("samples").textContent).toBe("samples: must be at most 64");
  });

  it("shows the reason in the form's message when no field of the form is named", () => {
    const { fields, message } = form();
    showServerError(new ApiError(400, "must not be blank", { field: "task" }), fields, message);
    expect(error("samples").hidden).toBe(true);
    expect(message.textContent).toBe("The search could not be started: must not be blank");
    expect(message.dataset.tone).toBe("error");
  });
});
