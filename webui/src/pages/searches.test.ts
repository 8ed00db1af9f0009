import { describe, expect, it } from "vitest";
import type { SearchListItem, SearchView } from "../api";
import { needsDetails } from "./searches";

// Only the fields needsDetails reads; the rest of each record does not matter to it.
const item = (state: string): SearchListItem => ({ id: "s1", state }) as unknown as SearchListItem;
const view = (state: string): SearchView => ({ id: "s1", state }) as unknown as SearchView;

describe("the search list's detail reads", () => {
  it("reads a search's view until it has seen it finished", () => {
    expect(needsDetails(item("running"), undefined)).toBe(true);
    expect(needsDetails(item("done"), undefined)).toBe(true);
    expect(needsDetails(item("running"), view("running"))).toBe(true);
    expect(needsDetails(item("paused"), view("paused"))).toBe(true);
  });

  it("does not read a finished search again on each refresh", () => {
    expect(needsDetails(item("done"), view("done"))).toBe(false);
    expect(needsDetails(item("failed"), view("failed"))).toBe(false);
    expect(needsDetails(item("cancelled"), view("cancelled"))).toBe(false);
  });

  it("reads it again when the list shows another state (a finished search the list says moved on)", () => {
    expect(needsDetails(item("done"), view("running"))).toBe(true);
    expect(needsDetails(item("running"), view("done"))).toBe(true);
  });
});
