// The search page's WebSocket: connects to /ws/searches/{id} (the session cookie authenticates the upgrade),
// hands every text frame to `onMessage`, and reconnects by itself with a growing delay until `stop()` is called.

export type LiveStatus = "connecting" | "open" | "reconnecting" | "stopped";

export interface LiveOptions {
  onMessage: (text: string) => void;
  onOpen: () => void;
  onStatus: (status: LiveStatus, retryInMs?: number) => void;
  /** Builds the socket; tests give a fake. */
  connect?: (url: string) => WebSocket;
}

/** Delay before reconnect attempt `n` (0-based): 0.5 s doubling up to 10 s. */
export function retryDelay(n: number): number {
  return Math.min(10_000, 500 * 2 ** n);
}

export function socketUrl(searchId: string, location: Location = window.location): string {
  const scheme = location.protocol === "https:" ? "wss:" : "ws:";
  return `${scheme}//${location.host}/ws/searches/${encodeURIComponent(searchId)}`;
}

export class LiveConnection {
  private socket: WebSocket | null = null;
  private failures = 0;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private stopped = false;
  /** How many connections have opened: 2 after one reconnect. */
  opened = 0;

  constructor(
    private readonly url: string,
    private readonly options: LiveOptions,
  ) {}

  start(): void {
    this.stopped = false;
    this.open("connecting");
  }

  /** Closes for good (the search finished or the page is leaving). */
  stop(): void {
    this.stopped = true;
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    const socket = this.socket;
    this.socket = null;
    socket?.close(1000, "done");
    this.options.onStatus("stopped");
  }

  /** Drops the current connection as a network failure would; it reconnects by itself. For tests and debugging. */
  drop(): void {
    this.socket?.close(4000, "dropped by the page");
  }

  private open(status: LiveStatus): void {
    this.options.onStatus(status);
    const make = this.options.connect ?? ((url: string) => new WebSocket(url));
    const socket = make(this.url);
    this.socket = socket;
    socket.addEventListener("open", () => {
      if (this.socket !== socket) return;
      this.failures = 0;
      this.opened++;
      this.options.onOpen();
      this.options.onStatus("open");
    });
    socket.addEventListener("message", (event: MessageEvent) => {
      if (this.socket !== socket || typeof event.data !== "string") return;
      this.options.onMessage(event.data);
    });
    socket.addEventListener("close", () => {
      if (this.socket !== socket) return;
      this.socket = null;
      if (this.stopped) return;
      const delay = retryDelay(this.failures++);
      this.options.onStatus("reconnecting", delay);
      this.timer = setTimeout(() => {
        this.timer = null;
        if (!this.stopped) this.open("reconnecting");
      }, delay);
    });
  }
}
