// The rollout player: a canvas drawing a recorded episode's frames (frame.ts) and, under it, a timeline with one
// lane for the total reward and one per reward component, a cursor on the current step; a click on the timeline
// seeks. A PlayerGroup plays one or more players on one clock (playerModel.ts) with one set of controls, so a pair
// stays in lockstep; the shorter episode holds its last frame.
// Contract with the Playwright tests: `figure.player[data-rollout]` with `data-frame` (the group clock's index),
// `data-shown` (the frame drawn) and `data-length`; `.player-controls` with `[data-player="play"|"back"|"forward"]`,
// `input.player-scrub`, `select.player-speed`; `.player-controls` also carries `data-playing` and `data-frame`.
import type { Rollout } from "./api";
import { exportPath } from "./api";
import { h } from "./dom";
import { drawFrame, parseFrame, sizeCanvas } from "./frame";
import type { Frame } from "./frame";
import { formatValue } from "./chart";
import {
  PlayerClock,
  SPEEDS,
  groupClock,
  laneRange,
  laneY,
  shownFrame,
  speedLabel,
  stepAtX,
  stepX,
  timelineSeries,
} from "./playerModel";

/** Height in CSS px of one timeline lane. */
const LANE_PX = 20;
/** Width in CSS px of the lane labels at the timeline's left. */
const LABEL_PX = 168;

function cssVar(name: string, fallback: string): string {
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim() || fallback;
}

export interface PlayerOptions {
  /** The caption's title ("Left", "Seed 123"). */
  label: string;
  /** Largest canvas height in CSS px (the voting page keeps two players and the buttons on one laptop screen). */
  maxHeight?: number;
  /** Export links under the player (one rollout); a pair's links go under the pair instead. */
  exportLinks?: boolean;
}

/** One episode: its picture, its timeline, its caption. Drawn by its group. */
export class RolloutPlayer {
  readonly element: HTMLElement;
  readonly length: number;
  private readonly frames: Frame[];
  private readonly canvas: HTMLCanvasElement;
  private readonly timeline: HTMLCanvasElement;
  private readonly status: HTMLElement;
  private readonly series: { name: string; values: (number | null)[]; range: [number, number] }[];
  private frame = 0;
  /** Set by the group: a click on the timeline asks it to seek. */
  onSeek: (step: number) => void = () => undefined;

  constructor(
    readonly rollout: Rollout,
    private readonly options: PlayerOptions,
  ) {
    this.frames = rollout.frames.map(parseFrame);
    this.length = Math.max(1, this.frames.length);
    this.series = timelineSeries(rollout.components, rollout.steps).map((s) => ({
      ...s,
      range: laneRange(s.values),
    }));
    this.canvas = h("canvas", { class: "player-canvas", role: "img", "aria-label": `${options.label}: episode` });
    this.timeline = h("canvas", {
      class: "player-timeline",
      role: "img",
      "aria-label": `${options.label}: total reward and ${rollout.components.join(", ") || "no components"} per step; click to seek`,
      title: "Click to go to a step",
    });
    this.status = h("span", { class: "player-status mono" });
    this.timeline.addEventListener("click", (e) => {
      const box = this.timeline.getBoundingClientRect();
      this.onSeek(stepAtX(e.clientX - box.left - LABEL_PX, this.length, box.width - LABEL_PX));
    });
    this.element = h(
      "figure",
      {
        class: "player",
        "data-rollout": rollout.id,
        "data-length": this.length,
        "data-frame": 0,
        "data-shown": 0,
      },
      // The caption first: two players' titles line up even when their timelines have different lane counts.
      h(
        "figcaption",
        { class: "player-caption" },
        h("strong", {}, options.label),
        this.status,
        options.exportLinks ? exportLinks(rollout.id) : null,
      ),
      h("div", { class: "player-stage" }, this.canvas),
      this.timeline,
    );
  }

  /** Shows the group clock's frame `frame` (this episode holds its last frame past its end) and redraws. */
  show(frame: number): void {
    this.frame = frame;
    const shown = shownFrame(frame, this.length);
    this.element.dataset.frame = String(frame);
    this.element.dataset.shown = String(shown);
    this.element.classList.toggle("ended", frame >= this.length - 1 && this.length > 1);
    const reward = this.rollout.steps[shown]?.reward;
    this.status.textContent = `step ${shown + 1} / ${this.length} \u00b7 reward ${formatValue(reward ?? null)}`;
    this.draw();
  }

  /** Redraws both canvases at the current size (after a resize or a theme change too). */
  draw(): void {
    const shown = shownFrame(this.frame, this.length);
    const dpr = window.devicePixelRatio || 1;
    const width = this.element.clientWidth || 480;
    const frame = this.frames[shown];
    if (frame !== undefined) {
      const aspect = (frame.v[3] - frame.v[1]) / (frame.v[2] - frame.v[0]);
      const height = Math.round(Math.min(this.options.maxHeight ?? 360, width * aspect));
      const cssWidth = Math.min(width, Math.round(height / aspect));
      const ctx = this.canvas.getContext("2d");
      if (ctx !== null) {
        const size = sizeCanvas(this.canvas, cssWidth, height, dpr);
        drawFrame(ctx, frame, size.width, size.height, 1.5 * dpr);
      }
    }
    this.drawTimeline(width, dpr, shown);
  }

  private drawTimeline(cssWidth: number, dpr: number, shown: number): void {
    const ctx = this.timeline.getContext("2d");
    if (ctx === null) return;
    const cssHeight = this.series.length * LANE_PX + 4;
    const { width, height } = sizeCanvas(this.timeline, cssWidth, cssHeight, dpr);
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, width, height);
    const plotWidth = cssWidth - LABEL_PX;
    const text = cssVar("--text-muted", "#59626f");
    const grid = cssVar("--border", "#d8dde4");
    ctx.font = "11px system-ui, sans-serif";
    ctx.textBaseline = "middle";
    this.series.forEach((s, lane) => {
      const top = 2 + lane * LANE_PX;
      const color = lane === 0 ? cssVar("--text", "#1b1f24") : cssVar(`--chart-${((lane - 1) % 8) + 1}`, "#2f5bd3");
      ctx.fillStyle = text;
      ctx.textAlign = "left";
      const value = s.values[shown];
      const label = `${s.name} ${formatValue(value ?? null)}`;
      ctx.fillText(label.length > 27 ? `${label.slice(0, 26)}\u2026` : label, 2, top + LANE_PX / 2);
      ctx.strokeStyle = grid;
      ctx.lineWidth = 1;
      ctx.beginPath();
      ctx.moveTo(LABEL_PX, top + LANE_PX - 0.5);
      ctx.lineTo(cssWidth, top + LANE_PX - 0.5);
      ctx.stroke();
      ctx.strokeStyle = color;
      ctx.lineWidth = lane === 0 ? 1.75 : 1.25;
      ctx.beginPath();
      let drawing = false;
      for (let i = 0; i < s.values.length; i++) {
        const v = s.values[i];
        if (v === null || !Number.isFinite(v)) {
          drawing = false;
          continue;
        }
        const x = LABEL_PX + stepX(i, this.length, plotWidth);
        const y = laneY(v, s.range, top + 2, LANE_PX - 5);
        if (drawing) ctx.lineTo(x, y);
        else ctx.moveTo(x, y);
        drawing = true;
      }
      ctx.stroke();
    });
    // The cursor: the step on screen.
    const x = LABEL_PX + stepX(shown, this.length, plotWidth);
    ctx.strokeStyle = cssVar("--accent", "#2f5bd3");
    ctx.lineWidth = 2;
    ctx.beginPath();
    ctx.moveTo(x, 0);
    ctx.lineTo(x, cssHeight);
    ctx.stroke();
  }
}

/** Download links: the rollout (or, with `other`, the pair side by side) as GIF and MP4. */
export function exportLinks(rollout: string, other?: string): HTMLElement {
  const what = other === undefined ? "rollout" : "pair";
  return h(
    "span",
    { class: "export-links" },
    "Export: ",
    h("a", { href: exportPath(rollout, "gif", other), download: "", "data-export": "gif" }, "GIF"),
    " \u00b7 ",
    h("a", { href: exportPath(rollout, "mp4", other), download: "", "data-export": "mp4" }, "MP4"),
    h("span", { class: "visually-hidden" }, ` of this ${what}`),
  );
}

/**
 * Players on one clock with shared controls (play/pause, step back/forward, scrub, speed, loop). The clock runs
 * on requestAnimationFrame: each animation frame adds the elapsed time and draws only when the step changed.
 */
export class PlayerGroup {
  readonly element: HTMLElement;
  readonly clock: PlayerClock;
  private readonly playButton: HTMLButtonElement;
  private readonly scrub: HTMLInputElement;
  private readonly time: HTMLElement;
  private raf = 0;
  private last: number | null = null;
  private readonly resize: ResizeObserver | null;
  private readonly theme: MediaQueryList | null;
  private readonly redraw = (): void => this.players.forEach((p) => p.draw());

  constructor(
    readonly players: RolloutPlayer[],
    fps: number,
    options: { loop?: boolean } = {},
  ) {
    this.clock = groupClock(
      fps,
      players.map((p) => p.length),
    );
    this.clock.loop = options.loop ?? false;
    this.playButton = h(
      "button",
      { type: "button", class: "primary player-play", "data-player": "play", "aria-keyshortcuts": "Space" },
      "Play",
    );
    const back = h(
      "button",
      { type: "button", "data-player": "back", title: "One step back", "aria-label": "One step back" },
      "\u2039",
    );
    const forward = h(
      "button",
      { type: "button", "data-player": "forward", title: "One step forward", "aria-label": "One step forward" },
      "\u203a",
    );
    this.scrub = h("input", {
      type: "range",
      class: "player-scrub",
      min: 0,
      max: this.clock.last,
      step: 1,
      value: 0,
      "aria-label": "Step",
    });
    const speed = h(
      "select",
      { class: "player-speed", "aria-label": "Speed" },
      ...SPEEDS.map((s) => h("option", { value: s, selected: s === 1 }, speedLabel(s))),
    );
    const loop = h("input", { type: "checkbox", class: "player-loop", checked: this.clock.loop });
    this.time = h("span", { class: "player-time mono" });
    this.playButton.addEventListener("click", () => this.toggle());
    back.addEventListener("click", () => this.step(-1));
    forward.addEventListener("click", () => this.step(1));
    this.scrub.addEventListener("input", () => this.seek(Number(this.scrub.value)));
    speed.addEventListener("change", () => this.clock.setSpeed(Number(speed.value)));
    loop.addEventListener("change", () => (this.clock.loop = loop.checked));
    for (const p of players) p.onSeek = (step) => this.seek(step);
    this.element = h(
      "div",
      { class: "player-controls", role: "group", "aria-label": "Playback" },
      back,
      this.playButton,
      forward,
      this.scrub,
      this.time,
      h("label", { class: "inline-field" }, "Speed ", speed),
      h("label", { class: "inline-field" }, loop, " Loop"),
    );
    this.resize = typeof ResizeObserver === "undefined" ? null : new ResizeObserver(this.redraw);
    for (const p of players) this.resize?.observe(p.element);
    // The timeline's colours come from the theme: redraw when it changes, paused or not.
    this.theme = typeof matchMedia === "function" ? matchMedia("(prefers-color-scheme: dark)") : null;
    this.theme?.addEventListener("change", this.redraw);
    this.render();
  }

  play(): void {
    this.clock.play();
    this.render();
    this.schedule();
  }

  pause(): void {
    this.clock.pause();
    this.render();
  }

  toggle(): void {
    if (this.clock.playing) this.pause();
    else this.play();
  }

  step(delta: number): void {
    this.clock.step(delta);
    this.render();
  }

  seek(frame: number): void {
    this.clock.seek(frame);
    this.render();
  }

  /** Stops the clock and the observers (the page is showing something else). */
  destroy(): void {
    this.clock.pause();
    cancelAnimationFrame(this.raf);
    this.resize?.disconnect();
    this.theme?.removeEventListener("change", this.redraw);
  }

  private schedule(): void {
    cancelAnimationFrame(this.raf);
    this.last = null;
    this.raf = requestAnimationFrame(this.onFrame);
  }

  private readonly onFrame = (now: number): void => {
    if (!this.clock.playing) return;
    const elapsed = this.last === null ? 0 : now - this.last;
    this.last = now;
    if (this.clock.tick(elapsed)) this.render();
    if (this.clock.playing) this.raf = requestAnimationFrame(this.onFrame);
    else this.render();
  };

  private render(): void {
    const frame = this.clock.frame;
    for (const p of this.players) p.show(frame);
    this.scrub.value = String(frame);
    this.playButton.textContent = this.clock.playing ? "Pause" : "Play";
    this.playButton.setAttribute("aria-pressed", String(this.clock.playing));
    this.element.dataset.playing = String(this.clock.playing);
    this.element.dataset.frame = String(frame);
    this.time.textContent = `${frame + 1} / ${this.clock.length} \u00b7 ${this.clock.seconds.toFixed(2)} s`;
  }
}
