import { render } from "preact";
import { useEffect, useMemo, useRef, useState } from "preact/hooks";
import { ApiError, call, uuid } from "../../shared/api";
import { IssuerSignIn } from "../../shared/IssuerSignIn";
import { compress } from "../../shared/frame";
import { PkceSignIn } from "../../shared/pkce";
import { Live } from "./live";
import { Recorder } from "./recorder";
import type { Conversation, LiveEvent, Me, Message } from "./types";
import "./style.css";

const CLIENT_ID = "community";
const ISSUER_KEY = "sundae.community.issuer";
const TOKENS_KEY = "sundae.community.tokens";
const SPEEDS = [1, 1.5, 2];

function redirectUri(): string {
  return new URL("/apps/community/", location.origin).toString();
}

function route(): { conversation?: string; moderation?: boolean } {
  const hash = location.hash;
  if (hash.startsWith("#/c/")) return { conversation: hash.slice(4) };
  if (hash === "#/moderation") return { moderation: true };
  return {};
}

function describe(failure: unknown): string {
  if (failure instanceof ApiError) return failure.message;
  if (failure instanceof TypeError) return "The network is down or the server cannot be reached";
  return failure instanceof Error ? failure.message : String(failure);
}

/** The community once signed in: live connection, conversations, moderation. */
function Community({ tokens, onSignOut }: { tokens: PkceSignIn; onSignOut: () => void }) {
  const [me, setMe] = useState<Me>();
  const [error, setError] = useState<string>();
  const [conversations, setConversations] = useState<Conversation[]>([]);
  const [messages, setMessages] = useState<Record<string, Message[]>>({});
  const [receipts, setReceipts] = useState<Record<string, { delivered: number; read: number }>>({});
  const [activity, setActivity] = useState<Record<string, { kind: string; subject: string; at: number }>>({});
  const [online, setOnline] = useState<Record<string, boolean>>({});
  const [connected, setConnected] = useState(false);
  const [where, setWhere] = useState(route());
  const live = useRef<Live>(undefined);
  const moderator = useMemo(() => {
    const roles = (tokens.claims().realm_access as { roles?: string[] } | undefined)?.roles ?? [];
    return roles.includes("sundae-moderator");
  }, [tokens]);

  useEffect(() => {
    const onHash = () => setWhere(route());
    addEventListener("hashchange", onHash);
    return () => removeEventListener("hashchange", onHash);
  }, []);

  const refresh = () =>
    call<Conversation[]>(tokens, "/v1/conversations").then((r) => setConversations(r.body), (e) => setError(describe(e)));

  function admitted(member: Me) {
    setMe(member);
    if (member.status !== "admitted") return;
    void refresh();
    const connection = new Live(tokens, `sundae.community.cursor.${member.subject}`, onEvent, setConnected);
    live.current = connection;
    connection.start().catch((e) => setError(describe(e)));
    void registerWorker(tokens);
  }

  useEffect(() => {
    call<Me>(tokens, "/v1/me").then((r) => admitted(r.body), (e) => setError(describe(e)));
    return () => live.current?.stop();
  }, [tokens]);

  function onEvent(event: LiveEvent) {
    switch (event.type) {
      case "message": {
        const m = event.message;
        setMessages((all) => {
          const list = all[m.conversationId] ?? [];
          if (list.some((x) => x.id === m.id)) return all;
          return { ...all, [m.conversationId]: [...list, m].sort((a, b) => a.seq - b.seq) };
        });
        live.current?.send({ type: "delivered", conversationId: m.conversationId, seq: m.seq });
        setConversations((list) => (list.some((c) => c.id === m.conversationId) ? list : (void refresh(), list)));
        break;
      }
      case "removed":
        setMessages((all) => ({
          ...all,
          [event.conversationId]: (all[event.conversationId] ?? []).map((m) =>
            m.seq === event.seq ? { ...m, removed: true, audio: null } : m,
          ),
        }));
        break;
      case "typing":
      case "recording":
        setActivity((a) => ({ ...a, [event.conversationId]: { kind: event.type, subject: event.subject, at: Date.now() } }));
        break;
      case "receipt":
        setReceipts((r) => {
          const current = r[event.conversationId] ?? { delivered: 0, read: 0 };
          return { ...r, [event.conversationId]: { ...current, [event.kind]: Math.max(current[event.kind], event.seq) } };
        });
        break;
      case "presence":
        setOnline((o) => ({ ...o, [event.subject]: event.online }));
        break;
      case "error":
        setError(event.reason);
        break;
    }
  }

  // a conversation opened by its address (a notification, a shared link) that the list lacks:
  // the list again (it holds invitations too, which GET /v1/conversations/{id} does not)
  useEffect(() => {
    const id = where.conversation;
    if (!id || !me || me.status !== "admitted" || conversations.some((c) => c.id === id)) return;
    void refresh();
  }, [where.conversation, me]);

  if (error && !me) return <main><p role="alert" class="error">{error}</p></main>;
  if (!me) return <main><p role="status">Loading…</p></main>;
  if (me.status !== "admitted") return <Admission me={me} tokens={tokens} onSignOut={onSignOut} onAdmitted={admitted} />;

  const open = conversations.find((c) => c.id === where.conversation);
  return (
    <main>
      <header>
        <h1>{open ? <a href="#/">‹ Chats</a> : "Chats"}</h1>
        <span class={connected ? "live on" : "live"} role="status">{connected ? "online" : "offline"}</span>
        {moderator && !where.moderation && <a href="#/moderation">Moderation</a>}
        <button class="quiet" onClick={onSignOut}>Sign out</button>
      </header>
      {error && <p role="alert" class="error">{error}</p>}
      {where.moderation && moderator ? (
        <Moderation tokens={tokens} />
      ) : open ? (
        <ConversationView
          me={me}
          conversation={open}
          tokens={tokens}
          messages={messages[open.id] ?? []}
          receipts={receipts[open.id]}
          activity={activity[open.id]}
          online={online}
          live={live.current!}
          onLoaded={(list) => setMessages((all) => ({ ...all, [open.id]: mergeMessages(all[open.id] ?? [], list) }))}
          onPresence={(subject, state) => setOnline((o) => ({ ...o, [subject]: state }))}
          onJoined={() =>
            call<Conversation>(tokens, `/v1/conversations/${open.id}`).then(
              (r) => setConversations((list) => list.map((c) => (c.id === open.id ? r.body : c))),
              (e) => setError(describe(e)),
            )
          }
        />
      ) : (
        <Home me={me} tokens={tokens} conversations={conversations} online={online} onCreated={refresh} />
      )}
    </main>
  );
}

function mergeMessages(have: Message[], more: Message[]): Message[] {
  const byId = new Map(have.map((m) => [m.id, m]));
  for (const m of more) byId.set(m.id, m);
  return [...byId.values()].sort((a, b) => a.seq - b.seq);
}

function others(me: Me, c: Conversation): string {
  if (c.kind === "group") return c.title ?? "Group";
  return c.members.filter((m) => m.subject !== me.subject).map((m) => m.username).join(", ") || "Direct";
}

interface VerificationStatus {
  latest: { id: string; state: string; reason: string | null; appeal: boolean } | null;
  maySubmit: boolean;
}

/**
 * Before admission: in a `verified` community the member takes a selfie (the camera, or a picture
 * chosen when there is none), which goes straight to the signed URL and then to the moderators'
 * queue; the states follow the chat's (in review, rejected with one appeal, final).
 */
function Admission({ me, tokens, onSignOut, onAdmitted }: { me: Me; tokens: PkceSignIn; onSignOut: () => void; onAdmitted: (me: Me) => void }) {
  const [status, setStatus] = useState<VerificationStatus>();
  const [camera, setCamera] = useState<"off" | "on" | "refused">("off");
  const [busy, setBusy] = useState(false);
  const [note, setNote] = useState<string>();
  const video = useRef<HTMLVideoElement>(null);
  const stream = useRef<MediaStream>(undefined);

  const refresh = async () => {
    const fresh = await call<Me>(tokens, "/v1/me");
    if (fresh.body.status === "admitted") return onAdmitted(fresh.body);
    setStatus((await call<VerificationStatus>(tokens, "/v1/verification")).body);
  };
  useEffect(() => {
    refresh().catch((e) => setNote(describe(e)));
    return () => stream.current?.getTracks().forEach((t) => t.stop());
  }, []);

  // the preview exists once the camera is on
  useEffect(() => {
    if (camera === "on" && video.current) video.current.srcObject = stream.current ?? null;
  }, [camera]);

  async function openCamera() {
    try {
      stream.current = await navigator.mediaDevices.getUserMedia({ video: { facingMode: "user" }, audio: false });
      setCamera("on");
    } catch {
      setCamera("refused");
    }
  }

  async function send(picture: Blob) {
    setBusy(true);
    setNote(undefined);
    try {
      const started = await call<{ verificationId: string; upload: { method: string; url: string; headers: Record<string, string> } }>(
        tokens,
        "/v1/verification",
        { method: "POST", json: { contentType: "image/jpeg", sizeBytes: picture.size } },
      );
      const headers = { ...started.body.upload.headers };
      delete headers["content-length"];
      const put = await fetch(started.body.upload.url, { method: started.body.upload.method, headers, body: picture });
      if (!put.ok && put.status !== 412) throw new Error(`The selfie could not be uploaded (${put.status})`);
      await call(tokens, `/v1/verification/${started.body.verificationId}/submit`, { method: "POST" });
      stream.current?.getTracks().forEach((t) => t.stop());
      setCamera("off");
      await refresh();
    } catch (e) {
      setNote(describe(e));
    } finally {
      setBusy(false);
    }
  }

  const latest = status?.latest;
  let text = "Loading…";
  if (me.admission === "open") text = "This community admits its members without review.";
  else if (latest?.state === "review") text = "Your selfie is with the moderators. You can use the app once one of them has approved it.";
  else if (latest?.state === "rejected" && status?.maySubmit) text = `A moderator did not approve your selfie${latest.reason ? ` (${latest.reason})` : ""}. You may send another one, once.`;
  else if (latest?.state === "rejected") text = "A moderator did not admit you to this community.";
  else if (status?.maySubmit) text = "This community admits members after a moderator has seen a selfie. Take one to ask to join.";
  else if (status) text = "Your verification is open: wait a minute and check again.";

  return (
    <main>
      <header>
        <h1>Welcome, {me.username}</h1>
        <button class="quiet" onClick={onSignOut}>Sign out</button>
      </header>
      <p role="status">{text}</p>
      {status?.maySubmit && (
        <section aria-label="Selfie" class="selfie">
          {camera === "on" && <video ref={video} autoPlay playsInline muted aria-label="Camera preview" />}
          {camera === "refused" && <p class="notice">The camera is not allowed or absent: choose a picture instead.</p>}
          <div class="actions">
            {camera === "off" && <button class="primary" onClick={openCamera}>Open the camera</button>}
            {camera === "on" && (
              <button
                class="primary"
                disabled={busy}
                onClick={async () => {
                  const v = video.current;
                  if (v?.videoWidth) await send(await compress(v, v.videoWidth, v.videoHeight, 640));
                }}
              >
                Take the selfie and send it
              </button>
            )}
            <label class="file quiet">
              Choose a picture
              <input
                type="file"
                accept="image/*"
                capture="user"
                disabled={busy}
                onChange={async (e) => {
                  const file = e.currentTarget.files?.[0];
                  if (!file) return;
                  const bitmap = await createImageBitmap(file);
                  await send(await compress(bitmap, bitmap.width, bitmap.height, 640));
                }}
              />
            </label>
          </div>
        </section>
      )}
      <button onClick={() => refresh().catch((e) => setNote(describe(e)))}>Check again</button>
      {note && <p role="alert" class="error">{note}</p>}
    </main>
  );
}

function Home(props: { me: Me; tokens: PkceSignIn; conversations: Conversation[]; online: Record<string, boolean>; onCreated: () => void }) {
  const [withWhom, setWithWhom] = useState("");
  const [title, setTitle] = useState("");
  const [error, setError] = useState<string>();
  const create = async (body: object) => {
    setError(undefined);
    try {
      const { body: c } = await call<Conversation>(props.tokens, "/v1/conversations", { method: "POST", json: body });
      props.onCreated();
      location.hash = `#/c/${c.id}`;
    } catch (e) {
      setError(describe(e));
    }
  };
  return (
    <>
      <p class="notice">Signed in as {props.me.username}. Your member id (for a direct conversation): <code>{props.me.subject}</code></p>
      <ul class="conversations" aria-label="Conversations">
        {props.conversations.map((c) => (
          <li key={c.id}>
            <a href={`#/c/${c.id}`}>
              {c.kind === "direct" &&
                c.members.filter((m) => m.subject !== props.me.subject).map((m) => (
                  <span key={m.subject} class={props.online[m.subject] ? "dot on" : "dot"} aria-label={props.online[m.subject] ? "online" : "offline"} />
                ))}
              {others(props.me, c)}
              <span class="count">
                {c.members.find((m) => m.subject === props.me.subject)?.state === "invited" ? "invited" : `${c.lastSeq} messages`}
              </span>
            </a>
          </li>
        ))}
        {props.conversations.length === 0 && <li class="notice">No conversation yet.</li>}
      </ul>
      <form
        class="new"
        onSubmit={(e) => {
          e.preventDefault();
          if (withWhom.trim()) void create({ kind: "direct", with: withWhom.trim() });
        }}
      >
        <label>
          Talk to a member (their member id)
          <input name="with" value={withWhom} onInput={(e) => setWithWhom(e.currentTarget.value)} />
        </label>
        <button type="submit">Start</button>
      </form>
      <form
        class="new"
        onSubmit={(e) => {
          e.preventDefault();
          if (title.trim()) void create({ kind: "group", title: title.trim(), open: true });
        }}
      >
        <label>
          New group
          <input name="title" value={title} onInput={(e) => setTitle(e.currentTarget.value)} />
        </label>
        <button type="submit">Create</button>
      </form>
      {error && <p role="alert" class="error">{error}</p>}
    </>
  );
}

function ConversationView(props: {
  me: Me;
  conversation: Conversation;
  tokens: PkceSignIn;
  messages: Message[];
  receipts?: { delivered: number; read: number };
  activity?: { kind: string; subject: string; at: number };
  online: Record<string, boolean>;
  live: Live;
  onLoaded: (messages: Message[]) => void;
  onJoined: () => void;
  onPresence: (subject: string, online: boolean) => void;
}) {
  const c = props.conversation;
  const [state, setState] = useState<"idle" | "recording" | "sending">("idle");
  const [error, setError] = useState<string>();
  const [now, setNow] = useState(Date.now());
  const recorder = useRef(new Recorder());
  const names = useMemo(() => new Map(c.members.map((m) => [m.subject, m.username])), [c]);
  const other = c.members.find((m) => m.subject !== props.me.subject);

  const joined = c.members.find((m) => m.subject === props.me.subject)?.state === "active";
  // the other member's presence now; its changes come over the WebSocket
  useEffect(() => {
    if (!joined || !other) return;
    call<{ subject: string; online: boolean }>(props.tokens, `/v1/presence?subject=${encodeURIComponent(other.subject)}`).then(
      (r) => props.onPresence(r.body.subject, r.body.online),
      () => {},
    );
  }, [c.id, joined]);
  useEffect(() => {
    if (!joined) return;
    call<Message[]>(props.tokens, `/v1/conversations/${c.id}/messages?after=0&limit=500`).then(
      (r) => props.onLoaded(r.body),
      (e) => setError(describe(e)),
    );
  }, [c.id, joined]);

  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(t);
  }, []);

  async function press() {
    if (state !== "idle") return;
    setError(undefined);
    if (!Recorder.supported()) return setError("This browser cannot record Opus audio");
    try {
      await recorder.current.start();
      setState("recording");
      props.live.send({ type: "recording", conversationId: c.id });
    } catch (e) {
      setError(e instanceof DOMException && e.name === "NotAllowedError" ? "The microphone is not allowed for this page" : describe(e));
    }
  }

  async function release() {
    if (state !== "recording") return;
    setState("sending");
    try {
      const clip = await recorder.current.stop();
      const upload = await call<{ uploadId: string; upload: { method: string; url: string; headers: Record<string, string> } }>(
        props.tokens,
        "/v1/audio/uploads",
        { method: "POST", json: { contentType: "audio/webm", sizeBytes: clip.blob.size } },
      );
      const headers = { ...upload.body.upload.headers };
      delete headers["content-length"];
      const put = await fetch(upload.body.upload.url, { method: upload.body.upload.method, headers, body: clip.blob });
      if (!put.ok && put.status !== 412) throw new Error(`The clip could not be uploaded (${put.status})`);
      const clientMessageId = uuid();
      // a resend with the same clientMessageId stores nothing new
      for (let tried = 0; ; tried++) {
        try {
          await call(props.tokens, `/v1/conversations/${c.id}/messages`, {
            method: "POST",
            json: { clientMessageId, uploadId: upload.body.uploadId, waveform: clip.waveform },
          });
          break;
        } catch (e) {
          if (e instanceof ApiError || tried >= 2) throw e;
          await new Promise((r) => setTimeout(r, 1000));
        }
      }
    } catch (e) {
      setError(describe(e));
    } finally {
      setState("idle");
    }
  }

  const myState = c.members.find((m) => m.subject === props.me.subject)?.state;
  if (myState === "invited") {
    return (
      <section aria-label={`Invitation: ${others(props.me, c)}`}>
        <h2>{others(props.me, c)}</h2>
        <p>You are invited to this conversation.</p>
        <button
          class="primary"
          onClick={() =>
            call(props.tokens, `/v1/conversations/${c.id}/join`, { method: "POST" }).then(props.onJoined, (e) => setError(describe(e)))
          }
        >
          Join the conversation
        </button>
        {error && <p role="alert" class="error">{error}</p>}
      </section>
    );
  }

  const activity = props.activity && now - props.activity.at < 5000 ? props.activity : undefined;
  const mine = props.messages.filter((m) => m.sender === props.me.subject).at(-1);

  return (
    <section aria-label={`Conversation: ${others(props.me, c)}`}>
      <h2>
        {others(props.me, c)}
        {other && c.kind === "direct" && <span class="presence">{props.online[other.subject] ? " · online" : ""}</span>}
      </h2>
      <ol class="messages" aria-label="Messages">
        {props.messages.map((m) => (
          <li key={m.id} class={m.sender === props.me.subject ? "mine" : "theirs"} data-seq={m.seq}>
            <span class="sender">{m.sender === props.me.subject ? "You" : names.get(m.sender) ?? "member"}</span>
            {m.removed || !m.audio ? (
              <em>removed by a moderator</em>
            ) : (
              <Voice message={m} onPlayed={() => props.live.send({ type: "read", conversationId: c.id, seq: m.seq })} />
            )}
          </li>
        ))}
      </ol>
      {mine && props.receipts && (
        <p class="receipt" role="status">
          {props.receipts.read >= mine.seq ? "Listened" : props.receipts.delivered >= mine.seq ? "Delivered" : "Sent"}
        </p>
      )}
      <p class="activity" role="status">
        {activity ? `${names.get(activity.subject) ?? "Someone"} is ${activity.kind === "recording" ? "recording a voice message" : "typing"}…` : ""}
      </p>
      <button
        class={state === "recording" ? "record on" : "record primary"}
        aria-label={state === "recording" ? "Recording: release to send" : "Hold to record a voice message"}
        aria-pressed={state === "recording"}
        disabled={state === "sending"}
        onPointerDown={(e) => {
          (e.currentTarget as HTMLElement).setPointerCapture?.(e.pointerId);
          void press();
        }}
        onPointerUp={() => void release()}
        onPointerCancel={() => void release()}
        onKeyDown={(e) => (e.key === " " || e.key === "Enter") && !e.repeat && (e.preventDefault(), void press())}
        onKeyUp={(e) => (e.key === " " || e.key === "Enter") && (e.preventDefault(), void release())}
      >
        {state === "recording" ? "Recording… release to send" : state === "sending" ? "Sending…" : "Hold to record"}
      </button>
      {error && <p role="alert" class="error">{error}</p>}
      {other && (
        <div class="safety">
          <button class="quiet" onClick={() => void safety(props.tokens, "/v1/blocks", { subject: other.subject }, setError, `${other.username} is blocked`)}>
            Block {other.username}
          </button>
          <button
            class="quiet"
            onClick={() =>
              void safety(
                props.tokens,
                "/v1/reports",
                { conversationId: c.id, seq: props.messages.filter((m) => m.sender === other.subject).at(-1)?.seq, subject: other.subject, reason: "reported from the app" },
                setError,
                "Reported to the moderators",
              )
            }
          >
            Report
          </button>
        </div>
      )}
    </section>
  );
}

async function safety(tokens: PkceSignIn, path: string, body: object, say: (text: string) => void, done: string) {
  try {
    await call(tokens, path, { method: "POST", json: body });
    say(done);
  } catch (e) {
    say(describe(e));
  }
}

function Voice({ message, onPlayed }: { message: Message; onPlayed: () => void }) {
  const audio = useRef<HTMLAudioElement>(null);
  const [speed, setSpeed] = useState(1);
  const [progress, setProgress] = useState(0);
  const seconds = Math.round((message.audio?.durationMillis ?? 0) / 100) / 10;
  useEffect(() => {
    if (audio.current) audio.current.playbackRate = speed;
  }, [speed]);
  const bars = message.waveform?.length ? message.waveform : new Array(32).fill(64);
  return (
    <div class="voice">
      <audio
        ref={audio}
        src={message.audio!.url}
        preload="metadata"
        controls
        aria-label={`Voice message, ${seconds} seconds`}
        onPlay={onPlayed}
        onTimeUpdate={(e) => {
          const a = e.currentTarget;
          const total = a.duration && Number.isFinite(a.duration) ? a.duration : seconds;
          setProgress(total ? a.currentTime / total : 0);
        }}
      />
      <div class="waveform" aria-hidden="true">
        {bars.map((v, i) => (
          <span key={i} class={i / bars.length < progress ? "played" : ""} style={{ height: `${Math.max(8, (v / 255) * 100)}%` }} />
        ))}
      </div>
      <div class="speeds" role="group" aria-label="Playback speed">
        {SPEEDS.map((s) => (
          <button key={s} class={s === speed ? "speed chosen" : "speed"} aria-pressed={s === speed} onClick={() => setSpeed(s)}>
            {s}×
          </button>
        ))}
        <span class="duration">{seconds} s</span>
      </div>
    </div>
  );
}

function Moderation({ tokens }: { tokens: PkceSignIn }) {
  const [reports, setReports] = useState<{ id: string; reason: string; subject?: string; conversationId?: string }[]>([]);
  const [verifications, setVerifications] = useState<{ id: string; subject: string; username?: string; assessment?: string | null }[]>([]);
  const [note, setNote] = useState<string>();
  const load = () => {
    call<typeof reports>(tokens, "/v1/moderation/reports").then((r) => setReports(r.body), (e) => setNote(describe(e)));
    call<typeof verifications>(tokens, "/v1/moderation/verifications").then((r) => setVerifications(r.body), (e) => setNote(describe(e)));
  };
  useEffect(load, []);
  return (
    <section aria-label="Moderation">
      <h2>Verifications waiting</h2>
      <ul>
        {verifications.map((v) => (
          <li key={v.id}>
            {v.username ?? v.subject}
            {v.assessment ? ` (${v.assessment})` : ""}{" "}
            <button onClick={() => call(tokens, `/v1/moderation/verifications/${v.id}/decision`, { method: "POST", json: { approve: true, reason: "approved in the app" } }).then(load, (e) => setNote(describe(e)))}>Approve</button>{" "}
            <button onClick={() => call(tokens, `/v1/moderation/verifications/${v.id}/decision`, { method: "POST", json: { approve: false, reason: "rejected in the app" } }).then(load, (e) => setNote(describe(e)))}>Reject</button>
          </li>
        ))}
        {verifications.length === 0 && <li class="notice">None.</li>}
      </ul>
      <h2>Reports</h2>
      <ul>
        {reports.map((r) => (
          <li key={r.id}>
            {r.reason}{" "}
            <button onClick={() => call(tokens, `/v1/moderation/reports/${r.id}/resolve`, { method: "POST", json: { action: "dismiss" } }).then(load, (e) => setNote(describe(e)))}>Resolve</button>
          </li>
        ))}
        {reports.length === 0 && <li class="notice">None.</li>}
      </ul>
      {note && <p role="alert" class="error">{note}</p>}
    </section>
  );
}

/** The service worker (offline, notifications) and, where the browser has a push service, Web Push. */
async function registerWorker(tokens: PkceSignIn): Promise<void> {
  if (!("serviceWorker" in navigator)) return;
  const registration = await navigator.serviceWorker.register("./sw.js", { scope: "./", type: "module" });
  if (!("PushManager" in window) || Notification.permission === "denied") return;
  try {
    if (Notification.permission === "default" && (await Notification.requestPermission()) !== "granted") return;
    const { body } = await call<{ publicKey: string }>(tokens, "/v1/push/vapid-public-key");
    const subscription =
      (await registration.pushManager.getSubscription()) ??
      (await registration.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: body.publicKey }));
    await call(tokens, "/v1/push/subscriptions", { method: "POST", json: subscription.toJSON() });
  } catch {
    // no push service reachable from this browser: live delivery and sync still work
  }
}

function App() {
  const issuer = localStorage.getItem(ISSUER_KEY);
  const [tokens, setTokens] = useState<PkceSignIn | undefined>(() =>
    issuer ? new PkceSignIn(issuer, CLIENT_ID, redirectUri(), TOKENS_KEY) : undefined,
  );
  const [ready, setReady] = useState(false);
  const [error, setError] = useState<string>();
  useEffect(() => {
    if (!tokens) return setReady(true);
    tokens.finish().then(
      () => setReady(true),
      (e) => {
        setError(describe(e));
        setReady(true);
      },
    );
  }, []);
  if (!ready) return <p role="status">Signing in…</p>;
  if (!tokens || !tokens.signedIn) {
    return (
      <IssuerSignIn
        title="Sundae community"
        intro="Voice messages with your ice-cream chain's community."
        issuerKey={ISSUER_KEY}
        error={error}
        onIssuer={(chosen) => {
          new PkceSignIn(chosen, CLIENT_ID, redirectUri(), TOKENS_KEY).start().catch((e) => setError(describe(e)));
        }}
      />
    );
  }
  return (
    <Community
      tokens={tokens}
      onSignOut={() => {
        tokens.signOut();
        void caches?.delete("sundae-community-v1");
        setTokens(undefined);
      }}
    />
  );
}

render(<App />, document.getElementById("app")!);
