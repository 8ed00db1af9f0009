import { describe, expect, it } from "vitest";
import {
  MAX_TICK_MS,
  PlayerClock,
  counterText,
  groupClock,
  isTyping,
  laneRange,
  laneY,
  pairsLeftText,
  recordText,
  shownFrame,
  speedLabel,
  stepAtX,
  stepX,
  tallyText,
  timelineSeries,
  voteAction,
} from "./playerModel";

describe("PlayerClock", () => {
  it("turns elapsed time into whole frames and keeps the remainder", () => {
    const clock = new PlayerClock(50, 100); // 20 ms a frame
    clock.play();
    expect(clock.tick(16)).toBe(false);
    expect(clock.frame).toBe(0);
    expect(clock.tick(16)).toBe(true); // 32 ms: one frame, 12 ms carried
    expect(clock.frame).toBe(1);
    expect(clock.tick(8)).toBe(true); // 20 ms carried: the second frame
    expect(clock.frame).toBe(2);
    // sixty ticks of 1000/60 ms are exactly one second: 50 frames on, whatever the refresh rate
    for (let i = 0; i < 60; i++) clock.tick(1000 / 60);
    expect(clock.frame).toBe(52);
  });

  it("plays at the speed chosen", () => {
    const clock = new PlayerClock(30, 1000);
    clock.setSpeed(0.25); // 7.5 frames a second: 133.3 ms each
    clock.play();
    clock.tick(200);
    expect(clock.frame).toBe(1);
    clock.tick(200); // 400 ms in total: 3 frames
    expect(clock.frame).toBe(3);
    clock.setSpeed(4); // 120 frames a second
    clock.tick(100);
    expect(clock.frame).toBe(15);
    expect(() => clock.setSpeed(0)).toThrow("speed must be positive");
  });

  it("caps a long pause of the tab instead of jumping", () => {
    const clock = new PlayerClock(50, 1000);
    clock.play();
    clock.tick(10_000);
    expect(clock.frame).toBe(Math.floor(MAX_TICK_MS / 20)); // 12 frames of 20 ms, not 500
  });

  it("stops on the last frame, or loops", () => {
    const clock = new PlayerClock(10, 5); // 100 ms a frame
    clock.play();
    clock.tick(250);
    expect(clock.frame).toBe(2);
    clock.tick(250);
    expect(clock.frame).toBe(4);
    expect(clock.playing).toBe(false);
    clock.play(); // from the start again
    expect(clock.frame).toBe(0);
    clock.loop = true;
    clock.tick(250);
    clock.tick(250);
    clock.tick(100); // 6 frames on from 0: wraps to 1
    expect(clock.frame).toBe(1);
    expect(clock.playing).toBe(true);
  });

  it("steps and seeks within the episode; stepping pauses", () => {
    const clock = new PlayerClock(50, 10);
    clock.play();
    clock.step(1);
    expect(clock.playing).toBe(false);
    expect(clock.frame).toBe(1);
    clock.step(-5);
    expect(clock.frame).toBe(0);
    clock.seek(42);
    expect(clock.frame).toBe(9);
    clock.seek(3.6);
    expect(clock.frame).toBe(4);
    expect(clock.seconds).toBe(0.08);
  });

  it("a single frame never plays", () => {
    const clock = new PlayerClock(50, 1);
    clock.play();
    expect(clock.playing).toBe(false);
    expect(() => new PlayerClock(50, 0)).toThrow("length");
    expect(() => new PlayerClock(0, 3)).toThrow("fps");
  });
});

describe("lockstep", () => {
  it("runs as long as the longest episode; the shorter holds its last frame", () => {
    const clock = groupClock(50, [40, 100]);
    expect(clock.length).toBe(100);
    clock.play();
    clock.tick(200); // 10 frames
    expect([shownFrame(clock.frame, 40), shownFrame(clock.frame, 100)]).toEqual([10, 10]);
    clock.seek(70);
    expect([shownFrame(clock.frame, 40), shownFrame(clock.frame, 100)]).toEqual([39, 70]);
    expect(() => groupClock(50, [])).toThrow("at least one");
  });
});

describe("timeline", () => {
  it("ranges lanes over finite values; a flat lane is centred", () => {
    expect(laneRange([1, null, -2, 3])).toEqual([-2, 3]);
    expect(laneRange([2, 2])).toEqual([1, 3]);
    expect(laneRange([0, 0])).toEqual([-1, 1]);
    expect(laneRange([-4])).toEqual([-6, -2]);
    expect(laneRange([null, Number.NaN])).toEqual([-1, 1]);
  });

  it("maps steps to columns and clicks back to steps", () => {
    expect(stepX(0, 10, 200)).toBe(10);
    expect(stepX(9, 10, 200)).toBe(190);
    expect(stepAtX(0, 10, 200)).toBe(0);
    expect(stepAtX(39.9, 10, 200)).toBe(1);
    expect(stepAtX(40, 10, 200)).toBe(2);
    expect(stepAtX(199, 10, 200)).toBe(9);
    expect(stepAtX(-5, 10, 200)).toBe(0);
    expect(stepAtX(500, 10, 200)).toBe(9);
    expect(stepAtX(10, 10, 0)).toBe(0);
    // every column's centre maps back to its step
    for (let i = 0; i < 10; i++) expect(stepAtX(stepX(i, 10, 200), 10, 200)).toBe(i);
  });

  it("puts higher values higher in a lane", () => {
    expect(laneY(3, [-1, 3], 10, 20)).toBe(10);
    expect(laneY(-1, [-1, 3], 10, 20)).toBe(30);
    expect(laneY(1, [-1, 3], 10, 20)).toBe(20);
  });

  it("lists the total first, then each component", () => {
    const series = timelineSeries(
      ["upright", "centred"],
      [
        { reward: 1.5, components: [1, 0.5] },
        { reward: null, components: [0.25, null] },
      ],
    );
    expect(series).toEqual([
      { name: "total", values: [1.5, null] },
      { name: "upright", values: [1, 0.25] },
      { name: "centred", values: [0.5, null] },
    ]);
  });
});

describe("voting keys", () => {
  it("maps the shortcuts", () => {
    expect(voteAction("ArrowLeft", false, false)).toBe("left");
    expect(voteAction("ArrowRight", false, false)).toBe("right");
    expect(voteAction("ArrowDown", false, false)).toBe("tie");
    expect(voteAction("t", false, false)).toBe("tie");
    expect(voteAction("s", false, false)).toBe("skip");
    expect(voteAction(" ", false, false)).toBe("toggle");
    expect(voteAction("ArrowUp", false, false)).toBeNull();
    expect(voteAction("x", false, false)).toBeNull();
  });

  it("ignores keys typed in the comment box or with a modifier", () => {
    expect(voteAction("ArrowLeft", true, false)).toBeNull();
    expect(voteAction(" ", true, false)).toBeNull();
    expect(voteAction("s", false, true)).toBeNull();
    const box = document.createElement("textarea");
    const text = document.createElement("input");
    const range = document.createElement("input");
    range.type = "range";
    expect(isTyping(box)).toBe(true);
    expect(isTyping(text)).toBe(true);
    expect(isTyping(range)).toBe(false);
    expect(isTyping(document.createElement("button"))).toBe(false);
    expect(isTyping(null)).toBe(false);
  });
});

describe("texts", () => {
  it("counts", () => {
    expect(pairsLeftText(0)).toBe("No pairs left for you");
    expect(pairsLeftText(1)).toBe("1 pair left for you");
    expect(pairsLeftText(12)).toBe("12 pairs left for you");
    expect(tallyText({ left: 0, right: 0, tie: 0 })).toBe("no votes yet");
    expect(tallyText({ left: 2, right: 1, tie: 1 })).toBe("2 left \u00b7 1 right \u00b7 1 tie");
    expect(tallyText({ left: 0, right: 3, tie: 2 })).toBe("0 left \u00b7 3 right \u00b7 2 ties");
    expect(counterText(7, 2000)).toBe("7 of 2000");
    expect(recordText(3, 1, 2)).toBe("3 wins \u00b7 1 loss \u00b7 2 ties");
    expect(recordText(1, 0, 1)).toBe("1 win \u00b7 0 losses \u00b7 1 tie");
    expect(speedLabel(0.25)).toBe("0.25\u00d7");
  });
});
