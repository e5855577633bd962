export interface Me {
  subject: string;
  username: string;
  tenant: string;
  admission: "open" | "verified";
  status: "admitted" | "pending" | "rejected";
}

export interface Member {
  subject: string;
  username: string;
  role: string;
  state: string;
}

export interface Conversation {
  id: string;
  kind: "direct" | "group";
  title: string | null;
  lastSeq: number;
  members: Member[];
}

export interface Message {
  id: string;
  conversationId: string;
  seq: number;
  sender: string;
  clientMessageId: string;
  audio: { contentType: string; durationMillis: number; url: string } | null;
  waveform: number[] | null;
  createdAt: string;
  removed?: boolean;
}

export type LiveEvent =
  | { type: "hello"; subject: string }
  | { type: "message"; message: Message }
  | { type: "removed"; conversationId: string; seq: number }
  | { type: "typing" | "recording"; conversationId: string; subject: string }
  | { type: "receipt"; kind: "delivered" | "read"; conversationId: string; subject: string; seq: number }
  | { type: "presence"; subject: string; online: boolean }
  | { type: "resync" }
  | { type: "pong" }
  | { type: "error"; reason: string };
