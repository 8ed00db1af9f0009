import { describe, expect, it } from "vitest";
import { drawFrame, fitViewport, parseFrame, sizeCanvas } from "./frame";
import type { Frame } from "./frame";
import { recordingContext } from "./testing/recordingContext";
import type { Call } from "./testing/recordingContext";

// Viewport 4 x 2 world units in a 400 x 300 canvas: scale 100, centred vertically with 50 px above and below,
// so canvas x = 200 + 100 x and canvas y = 150 - 100 y.
const V: Frame["v"] = [-2, -1, 2, 1];

function draw(shapes: unknown[], width = 400, height = 300, outline?: number): Call[] {
  const { ctx, calls } = recordingContext();
  drawFrame(ctx, parseFrame({ v: V, s: shapes }), width, height, outline);
  // Drop the preamble (transform reset, clear, line and text settings) that every drawing starts with.
  const start = calls.findIndex((c) => c[0] === "set" && c[1] === "textBaseline");
  return calls.slice(start + 1);
}

describe("fitViewport", () => {
  it("keeps the aspect ratio and centres the viewport", () => {
    expect(fitViewport(V, 400, 300)).toEqual({ k: 100, ox: 200, oy: 150 });
    // A tall canvas: the width limits the scale and the viewport is centred vertically.
    expect(fitViewport([0, 0, 1, 1], 200, 400)).toEqual({ k: 200, ox: 0, oy: 300 });
    // A wide canvas: the height limits the scale and the viewport is centred horizontally.
    expect(fitViewport([0, 0, 1, 1], 400, 200)).toEqual({ k: 200, ox: 100, oy: 200 });
  });

  it("reuses the object it is given", () => {
    const out = { k: 0, ox: 0, oy: 0 };
    expect(fitViewport(V, 400, 300, out)).toBe(out);
    expect(out).toEqual({ k: 100, ox: 200, oy: 150 });
  });
});

describe("drawFrame", () => {
  it("starts from the identity transform on a cleared canvas", () => {
    const { ctx, calls } = recordingContext();
    drawFrame(ctx, { v: V, s: [] }, 400, 300);
    expect(calls.slice(0, 2)).toEqual([
      ["setTransform", 1, 0, 0, 1, 0, 0],
      ["clearRect", 0, 0, 400, 300],
    ]);
  });

  it("draws a line with y flipped and its width scaled", () => {
    expect(draw([["l", 0, 0, 1, 0.5, 0.1, "#ff0000"]])).toEqual([
      ["beginPath"],
      ["moveTo", 200, 150],
      ["lineTo", 300, 100],
      ["set", "lineWidth", 10],
      ["set", "strokeStyle", "#ff0000"],
      ["stroke"],
    ]);
  });

  it("fills and strokes circles as asked", () => {
    expect(draw([["c", -1, 0.5, 0.25, "#00ff00", null]])).toEqual([
      ["beginPath"],
      ["arc", 100, 100, 25, 0, 2 * Math.PI],
      ["set", "fillStyle", "#00ff00"],
      ["fill"],
    ]);
    expect(draw([["c", 1, -0.5, 0.5, null, "#000"]], 400, 300, 3)).toEqual([
      ["beginPath"],
      ["arc", 300, 200, 50, 0, 2 * Math.PI],
      ["set", "lineWidth", 3],
      ["set", "strokeStyle", "#000"],
      ["stroke"],
    ]);
  });

  it("draws an unrotated rectangle around its centre", () => {
    expect(draw([["r", 0, 0.5, 1, 0.4, 0, "#333"]])).toEqual([
      ["beginPath"],
      ["moveTo", 150, 120],
      ["lineTo", 250, 120],
      ["lineTo", 250, 80],
      ["lineTo", 150, 80],
      ["closePath"],
      ["set", "fillStyle", "#333"],
      ["fill"],
    ]);
  });

  it("turns a rectangle counter-clockwise in the world", () => {
    // Width 1 along x turned by 90 degrees lies along y: it spans x 0.75..1.25 and y -0.5..0.5.
    const calls = draw([["r", 1, 0, 1, 0.5, Math.PI / 2, "#00f"]]);
    const points = calls.filter((c) => c[0] === "moveTo" || c[0] === "lineTo").map((c) => [c[1], c[2]]);
    const expected = [
      [325, 200],
      [325, 100],
      [275, 100],
      [275, 200],
    ];
    expect(points).toHaveLength(4);
    points.forEach(([x, y], i) => {
      expect(x).toBeCloseTo(expected[i][0], 9);
      expect(y).toBeCloseTo(expected[i][1], 9);
    });
    // Turned by 30 degrees: the corner (+w/2, -h/2) = (0.5, -0.25) goes to (0.5 cos - -0.25 sin, 0.5 sin + -0.25 cos).
    const a = Math.PI / 6;
    const turned = draw([["r", 0, 0, 1, 0.5, a, "#00f"]]);
    const x = 0.5 * Math.cos(a) + 0.25 * Math.sin(a);
    const y = 0.5 * Math.sin(a) - 0.25 * Math.cos(a);
    expect(turned[2][1]).toBeCloseTo(200 + 100 * x, 9);
    expect(turned[2][2]).toBeCloseTo(150 - 100 * y, 9);
    expect(y).toBeCloseTo(0.0335, 4); // above the centre line: counter-clockwise, canvas y smaller than 150
    expect(turned[2][2] as number).toBeLessThan(150);
  });

  it("closes polygons and paints fill before stroke", () => {
    expect(draw([["p", [0, 0, 1, 0, 0, 1], "#eee", "#111"]], 400, 300, 2)).toEqual([
      ["beginPath"],
      ["moveTo", 200, 150],
      ["lineTo", 300, 150],
      ["lineTo", 200, 50],
      ["closePath"],
      ["set", "fillStyle", "#eee"],
      ["fill"],
      ["set", "lineWidth", 2],
      ["set", "strokeStyle", "#111"],
      ["stroke"],
    ]);
  });

  it("writes text upright at its left baseline, sized in world units", () => {
    const calls = draw([["t", -2, 1, 0.2, "step 3", "#333333"]]);
    expect(calls).toEqual([
      ["set", "font", "20px system-ui, sans-serif"],
      ["set", "fillStyle", "#333333"],
      ["fillText", "step 3", 0, 50],
    ]);
    const { ctx, calls: all } = recordingContext();
    drawFrame(ctx, parseFrame({ v: V, s: [["t", 0, 0, 0.1, "x", "#000"]] }), 400, 300);
    // No mirroring transform anywhere: the flip is done on the coordinates.
    expect(all.filter((c) => ["scale", "rotate", "transform", "translate"].includes(c[0]))).toEqual([]);
    expect(all.filter((c) => c[0] === "setTransform")).toEqual([["setTransform", 1, 0, 0, 1, 0, 0]]);
    expect(all).toContainEqual(["set", "textAlign", "left"]);
    expect(all).toContainEqual(["set", "textBaseline", "alphabetic"]);
  });

  it("skips parts painted with null", () => {
    expect(
      draw([
        ["l", 0, 0, 1, 1, 0.1, null],
        ["r", 0, 0, 1, 1, 0, null],
        ["t", 0, 0, 1, "hidden", null],
        ["c", 0, 0, 1, null, null],
      ]),
    ).toEqual([["beginPath"], ["arc", 200, 150, 100, 0, 2 * Math.PI]]);
  });

  it("draws shapes in order in a canvas of another shape", () => {
    const { ctx, calls } = recordingContext();
    const frame = parseFrame({
      v: [0, 0, 1, 1],
      s: [
        ["l", 0, 0, 1, 1, 0.01, "#a"],
        ["c", 0.5, 0.5, 0.1, "#b", null],
      ],
    });
    drawFrame(ctx, frame, 200, 400);
    const moves = calls.filter((c) => ["moveTo", "lineTo", "arc"].includes(c[0]));
    expect(moves).toEqual([
      ["moveTo", 0, 300],
      ["lineTo", 200, 100],
      ["arc", 100, 200, 20, 0, 2 * Math.PI],
    ]);
  });
});

describe("parseFrame", () => {
  it("accepts every shape type and returns the same object", () => {
    const json = {
      v: [-1, -1, 1, 1],
      s: [
        ["l", 0, 0, 1, 1, 0.1, "#000"],
        ["c", 0, 0, 1, null, "#000"],
        ["r", 0, 0, 1, 1, 0.5, "#000"],
        ["p", [0, 0, 1, 0, 1, 1], "#fff", null],
        ["t", 0, 0, 0.1, "hi", "#000"],
      ],
    };
    expect(parseFrame(JSON.parse(JSON.stringify(json)))).toEqual(json);
    expect(parseFrame(json)).toBe(json);
  });

  it.each([
    [null, "Invalid frame: frame must be an object"],
    [[], "Invalid frame: frame must be an object"],
    [{ s: [] }, "Invalid frame: v must be [xMin, yMin, xMax, yMax]"],
    [{ v: [0, 0, 1], s: [] }, "Invalid frame: v must be [xMin, yMin, xMax, yMax]"],
    [{ v: [0, 0, "1", 1], s: [] }, "Invalid frame: v[2] must be a finite number"],
    [{ v: [0, 0, Infinity, 1], s: [] }, "Invalid frame: v[2] must be a finite number"],
    [{ v: [1, 0, 1, 1], s: [] }, "Invalid frame: v must have xMin < xMax and yMin < yMax"],
    [{ v: [0, 0, 1, 1] }, "Invalid frame: s must be an array of shapes"],
    [
      { v: [0, 0, 1, 1], s: [["x", 1]] },
      'Invalid frame: s[0] must be an array starting with "l", "c", "r", "p" or "t"',
    ],
    [
      { v: [0, 0, 1, 1], s: [["toString"]] },
      'Invalid frame: s[0] must be an array starting with "l", "c", "r", "p" or "t"',
    ],
    [{ v: [0, 0, 1, 1], s: [["l", 0, 0, 1, 1, "#000"]] }, 'Invalid frame: s[0] ("l") must have 7 elements'],
    [{ v: [0, 0, 1, 1], s: [["c", 0, null, 1, null, null]] }, "Invalid frame: s[0][2] must be a finite number"],
    [{ v: [0, 0, 1, 1], s: [["c", 0, 0, 1, 5, null]] }, "Invalid frame: s[0][4] must be a colour string or null"],
    [
      { v: [0, 0, 1, 1], s: [["p", [0, 0, 1], null, null]] },
      "Invalid frame: s[0][1] must be [x0, y0, x1, y1, ...] with at least two points",
    ],
    [{ v: [0, 0, 1, 1], s: [["p", [0, 0, 1, "a"], null, null]] }, "Invalid frame: s[0][1][3] must be a finite number"],
    [
      {
        v: [0, 0, 1, 1],
        s: [
          ["r", 0, 0, 1, 1, 0, "#0"],
          ["t", 0, 0, 1, 7, "#000"],
        ],
      },
      "Invalid frame: s[1][4] must be a string",
    ],
  ])("rejects %j", (json, message) => {
    expect(() => parseFrame(json)).toThrow(new Error(message));
  });
});

describe("sizeCanvas", () => {
  it("sizes the drawing buffer for the device pixel ratio and the element in CSS pixels", () => {
    const canvas = document.createElement("canvas");
    expect(sizeCanvas(canvas, 480, 320, 2)).toEqual({ width: 960, height: 640 });
    expect(canvas.width).toBe(960);
    expect(canvas.height).toBe(640);
    expect(canvas.style.width).toBe("480px");
    expect(canvas.style.height).toBe("320px");
    expect(sizeCanvas(canvas, 333, 222, 1.5)).toEqual({ width: 500, height: 333 });
  });
});
