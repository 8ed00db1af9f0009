// A Frame is one picture of an environment state as drawing primitives in world coordinates (y up), the compact
// JSON of the server's dev.rewardsmith.task.Frame. The task preview and the rollout player draw it here; drawing
// maps every point by hand (no canvas transform) so text stays upright and nothing is allocated per shape.

/** A CSS colour, or null for "do not paint this part". */
export type Paint = string | null;

/** `["l", x1, y1, x2, y2, width, color]`: a segment `width` world units wide. */
export type LineShape = readonly ["l", number, number, number, number, number, Paint];
/** `["c", x, y, radius, fill, stroke]`. */
export type CircleShape = readonly ["c", number, number, number, Paint, Paint];
/** `["r", cx, cy, width, height, angle, fill]`: centred at (cx, cy), turned counter-clockwise by angle radians. */
export type RectShape = readonly ["r", number, number, number, number, number, Paint];
/** `["p", [x0, y0, x1, y1, ...], fill, stroke]`: a closed polygon. */
export type PolygonShape = readonly ["p", readonly number[], Paint, Paint];
/** `["t", x, y, size, text, color]`: text with its left baseline at (x, y), `size` world units high. */
export type TextShape = readonly ["t", number, number, number, string, Paint];

export type Shape = LineShape | CircleShape | RectShape | PolygonShape | TextShape;

/** `v` is the world rectangle [xMin, yMin, xMax, yMax] to fit in the canvas; `s` the shapes in drawing order. */
export interface Frame {
  readonly v: readonly [number, number, number, number];
  readonly s: readonly Shape[];
}

/** Width in canvas pixels of circle and polygon outlines (the format gives them no width). */
export const DEFAULT_OUTLINE_PX = 1.5;

/** The font family of text shapes; the size comes from the shape. */
export const FRAME_FONT_FAMILY = "system-ui, sans-serif";

const ARITY: Readonly<Record<string, number>> = { l: 7, c: 6, r: 7, p: 4, t: 6 };

function fail(where: string, problem: string): never {
  throw new Error(`Invalid frame: ${where} ${problem}`);
}

function checkNumber(value: unknown, where: string): void {
  if (typeof value !== "number" || !Number.isFinite(value)) fail(where, "must be a finite number");
}

function checkPaint(value: unknown, where: string): void {
  if (value !== null && typeof value !== "string") fail(where, "must be a colour string or null");
}

/**
 * Checks that `json` (already parsed) is a well-formed Frame and returns it typed. The arrays are kept as they
 * are (no copy), so parsing a rollout of many frames costs one pass. Throws an Error naming the first problem.
 */
export function parseFrame(json: unknown): Frame {
  if (typeof json !== "object" || json === null || Array.isArray(json)) fail("frame", "must be an object");
  const { v, s } = json as { v?: unknown; s?: unknown };
  if (!Array.isArray(v) || v.length !== 4) fail("v", "must be [xMin, yMin, xMax, yMax]");
  for (let i = 0; i < 4; i++) checkNumber(v[i], `v[${i}]`);
  if (!(v[0] < v[2]) || !(v[1] < v[3])) fail("v", "must have xMin < xMax and yMin < yMax");
  if (!Array.isArray(s)) fail("s", "must be an array of shapes");
  for (let i = 0; i < s.length; i++) {
    const shape: unknown = s[i];
    const where = `s[${i}]`;
    if (!Array.isArray(shape) || typeof shape[0] !== "string" || !Object.hasOwn(ARITY, shape[0])) {
      fail(where, 'must be an array starting with "l", "c", "r", "p" or "t"');
    }
    const kind = shape[0];
    if (shape.length !== ARITY[kind]) fail(where, `("${kind}") must have ${ARITY[kind]} elements`);
    switch (kind) {
      case "l":
      case "r":
        for (let k = 1; k <= 5; k++) checkNumber(shape[k], `${where}[${k}]`);
        checkPaint(shape[6], `${where}[6]`);
        break;
      case "c":
        for (let k = 1; k <= 3; k++) checkNumber(shape[k], `${where}[${k}]`);
        checkPaint(shape[4], `${where}[4]`);
        checkPaint(shape[5], `${where}[5]`);
        break;
      case "p": {
        const points: unknown = shape[1];
        if (!Array.isArray(points) || points.length < 4 || points.length % 2 !== 0) {
          fail(`${where}[1]`, "must be [x0, y0, x1, y1, ...] with at least two points");
        }
        for (let k = 0; k < points.length; k++) checkNumber(points[k], `${where}[1][${k}]`);
        checkPaint(shape[2], `${where}[2]`);
        checkPaint(shape[3], `${where}[3]`);
        break;
      }
      case "t":
        for (let k = 1; k <= 3; k++) checkNumber(shape[k], `${where}[${k}]`);
        if (typeof shape[4] !== "string") fail(`${where}[4]`, "must be a string");
        checkPaint(shape[5], `${where}[5]`);
        break;
    }
  }
  return json as Frame;
}

/**
 * Sizes `canvas`'s drawing buffer for `cssWidth` x `cssHeight` CSS pixels at device pixel ratio `dpr`, so lines
 * stay sharp on high-density screens. Returns the buffer size; pass it to drawFrame.
 */
export function sizeCanvas(
  canvas: HTMLCanvasElement,
  cssWidth: number,
  cssHeight: number,
  dpr: number = globalThis.devicePixelRatio || 1,
): { width: number; height: number } {
  const width = Math.max(1, Math.round(cssWidth * dpr));
  const height = Math.max(1, Math.round(cssHeight * dpr));
  // Assigning width or height clears the canvas even when unchanged, so only assign on a change.
  if (canvas.width !== width) canvas.width = width;
  if (canvas.height !== height) canvas.height = height;
  canvas.style.width = `${cssWidth}px`;
  canvas.style.height = `${cssHeight}px`;
  return { width, height };
}

/** The fit of a viewport into a canvas: canvas x = ox + x * k, canvas y = oy - y * k. */
export interface Fit {
  k: number;
  ox: number;
  oy: number;
}

/**
 * The largest scale that shows the whole viewport in `width` x `height` canvas pixels, centred, with y flipped.
 * Writes into `out` (to reuse one object across frames) and returns it.
 */
export function fitViewport(v: Frame["v"], width: number, height: number, out: Fit = { k: 1, ox: 0, oy: 0 }): Fit {
  const k = Math.min(width / (v[2] - v[0]), height / (v[3] - v[1]));
  out.k = k;
  out.ox = (width - k * (v[2] - v[0])) / 2 - k * v[0];
  out.oy = (height - k * (v[3] - v[1])) / 2 + k * v[3];
  return out;
}

const fit: Fit = { k: 1, ox: 0, oy: 0 };

/**
 * Clears the canvas and draws `frame` into `width` x `height` canvas pixels (the drawing buffer size, see
 * sizeCanvas), the viewport fitted and centred with its aspect ratio kept. Resets the context's transform.
 * Outlines of circles and polygons are `outlinePx` canvas pixels wide.
 */
export function drawFrame(
  ctx: CanvasRenderingContext2D,
  frame: Frame,
  width: number,
  height: number,
  outlinePx: number = DEFAULT_OUTLINE_PX,
): void {
  ctx.setTransform(1, 0, 0, 1, 0, 0);
  ctx.clearRect(0, 0, width, height);
  const { k, ox, oy } = fitViewport(frame.v, width, height, fit);
  ctx.lineCap = "round";
  ctx.lineJoin = "round";
  ctx.textAlign = "left";
  ctx.textBaseline = "alphabetic";
  const shapes = frame.s;
  for (let i = 0; i < shapes.length; i++) {
    const shape = shapes[i];
    switch (shape[0]) {
      case "l": {
        const color = shape[6];
        if (color === null) break;
        ctx.beginPath();
        ctx.moveTo(ox + shape[1] * k, oy - shape[2] * k);
        ctx.lineTo(ox + shape[3] * k, oy - shape[4] * k);
        ctx.lineWidth = shape[5] * k;
        ctx.strokeStyle = color;
        ctx.stroke();
        break;
      }
      case "c": {
        const fill = shape[4];
        const stroke = shape[5];
        ctx.beginPath();
        ctx.arc(ox + shape[1] * k, oy - shape[2] * k, Math.abs(shape[3]) * k, 0, 2 * Math.PI);
        paint(ctx, fill, stroke, outlinePx);
        break;
      }
      case "r": {
        const fill = shape[6];
        if (fill === null) break;
        const cx = shape[1];
        const cy = shape[2];
        const hw = shape[3] / 2;
        const hh = shape[4] / 2;
        const cos = Math.cos(shape[5]);
        const sin = Math.sin(shape[5]);
        // Corners (±hw, ±hh) turned counter-clockwise in the world, then mapped: world y up, canvas y down.
        ctx.beginPath();
        ctx.moveTo(ox + (cx - hw * cos + hh * sin) * k, oy - (cy - hw * sin - hh * cos) * k);
        ctx.lineTo(ox + (cx + hw * cos + hh * sin) * k, oy - (cy + hw * sin - hh * cos) * k);
        ctx.lineTo(ox + (cx + hw * cos - hh * sin) * k, oy - (cy + hw * sin + hh * cos) * k);
        ctx.lineTo(ox + (cx - hw * cos - hh * sin) * k, oy - (cy - hw * sin + hh * cos) * k);
        ctx.closePath();
        ctx.fillStyle = fill;
        ctx.fill();
        break;
      }
      case "p": {
        const points = shape[1];
        ctx.beginPath();
        ctx.moveTo(ox + points[0] * k, oy - points[1] * k);
        for (let p = 2; p + 1 < points.length; p += 2) ctx.lineTo(ox + points[p] * k, oy - points[p + 1] * k);
        ctx.closePath();
        paint(ctx, shape[2], shape[3], outlinePx);
        break;
      }
      case "t": {
        const color = shape[5];
        if (color === null || shape[4] === "") break;
        ctx.font = `${shape[3] * k}px ${FRAME_FONT_FAMILY}`;
        ctx.fillStyle = color;
        ctx.fillText(shape[4], ox + shape[1] * k, oy - shape[2] * k);
        break;
      }
    }
  }
}

function paint(ctx: CanvasRenderingContext2D, fill: Paint, stroke: Paint, outlinePx: number): void {
  if (fill !== null) {
    ctx.fillStyle = fill;
    ctx.fill();
  }
  if (stroke !== null) {
    ctx.lineWidth = outlinePx;
    ctx.strokeStyle = stroke;
    ctx.stroke();
  }
}
