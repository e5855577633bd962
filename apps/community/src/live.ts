import { call, type TokenSource } from "../../shared/api";
import type { LiveEvent, Message } from "./types";

/**
 * The chat's WebSocket with what a phone's network needs: it reconnects after a drop (backing off
 * up to 30 s), and after every (re)connection and every "resync" it catches up with GET /v1/sync
 * from the device's cursor, so nothing sent meanwhile is missed; messages come out in seq order,
 * once each (the caller keeps them by id).
 */
export class Live {
  private socket?: WebSocket;
  private backoff = 1000;
  private stopped = false;
  private cursor?: string;

  constructor(
    private readonly tokens: TokenSource,
    private readonly cursorKey: string,
    private readonly onEvent: (event: LiveEvent) => void,
    private readonly onState: (online: boolean) => void,
  ) {
    this.cursor = localStorage.getItem(cursorKey) ?? undefined;
  }

  async start(): Promise<void> {
    this.stopped = false;
    const token = await this.tokens.token();
    const url = new URL("/v1/live", location.href);
    url.protocol = url.protocol === "https:" ? "wss:" : "ws:";
    url.searchParams.set("access_token", token);
    const socket = new WebSocket(url);
    this.socket = socket;
    socket.onopen = () => {
      this.backoff = 1000;
      this.onState(true);
      void this.sync();
    };
    socket.onmessage = (e) => {
      const event = JSON.parse(e.data) as LiveEvent;
      if (event.type === "resync") void this.sync();
      else this.onEvent(event);
    };
    socket.onclose = () => {
      this.onState(false);
      if (this.stopped) return;
      setTimeout(() => void this.start().catch(() => this.onState(false)), this.backoff);
      this.backoff = Math.min(this.backoff * 2, 30_000);
    };
  }

  send(frame: object): void {
    if (this.socket?.readyState === WebSocket.OPEN) this.socket.send(JSON.stringify(frame));
  }

  stop(): void {
    this.stopped = true;
    this.socket?.close();
  }

  async sync(): Promise<void> {
    for (;;) {
      const query = this.cursor ? `?cursor=${encodeURIComponent(this.cursor)}` : "";
      const { body } = await call<{
        conversations: { conversationId: string; messages: Message[] }[];
        cursor: string;
        hasMore: boolean;
      }>(this.tokens, `/v1/sync${query}`);
      for (const c of body.conversations) {
        for (const message of c.messages) this.onEvent({ type: "message", message });
      }
      this.cursor = body.cursor;
      localStorage.setItem(this.cursorKey, body.cursor);
      if (!body.hasMore) return;
    }
  }
}
