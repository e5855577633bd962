import { render } from "preact";
import { useEffect, useMemo, useRef, useState } from "preact/hooks";
import { ApiError, call, uuid, type TokenSource } from "../../shared/api";
import { catalogue, inkOn, type Look } from "../../shared/catalogue";
import { ClientCredentials } from "../../shared/clientCredentials";
import { compress } from "../../shared/frame";
import * as settings from "./settings";
import { browserTransport, sendFrame } from "./upload";
import "./style.css";

/** How long the register waits for the top 3 before it shows the fallback list. */
const LATE_MS = 8000;
/** How long it keeps waiting behind the fallback list for the real top 3. */
const GIVE_UP_MS = 60_000;

interface Recommendation {
  requestId: string;
  modelVersion: string;
  arm: string;
  flavours: { rank: number; flavour: string; score: number }[];
}

type Phase =
  | { kind: "ready" }
  | { kind: "uploading"; progress: number; bytes: number }
  | { kind: "waiting"; requestId: string; bytes: number; late: boolean }
  | { kind: "shown"; requestId: string; bytes: number; names: string[]; fallback: boolean; ms: number; arm?: string }
  | { kind: "recorded"; flavour: string }
  | { kind: "failed"; message: string };

function Setup({ onDone }: { onDone: (s: settings.Settings) => void }) {
  const link = settings.fromLink(location.search);
  const [issuer, setIssuer] = useState(link.issuer ?? "");
  const [clientId, setClientId] = useState(link.clientId ?? "register");
  const [clientSecret, setClientSecret] = useState("");
  const [store, setStore] = useState(link.store ?? "");
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const submit = async (e: Event) => {
    e.preventDefault();
    const candidate = { issuer: issuer.trim(), clientId: clientId.trim(), clientSecret, store: store.trim() };
    const wrong = settings.invalid(candidate);
    if (wrong) return setError(wrong);
    setBusy(true);
    setError(undefined);
    try {
      const tokens = new ClientCredentials(candidate.issuer, candidate.clientId, candidate.clientSecret);
      await catalogue(tokens); // the issuer grants a token and the gateway takes it
      settings.save(candidate);
      onDone(candidate);
    } catch (failure) {
      setError(describe(failure));
    } finally {
      setBusy(false);
    }
  };
  return (
    <main class="setup">
      <h1>Sign in this register</h1>
      <form onSubmit={submit} noValidate>
        <label>
          Issuer URL
          <input name="issuer" type="url" required value={issuer} onInput={(e) => setIssuer(e.currentTarget.value)} />
        </label>
        <label>
          Client id
          <input name="clientId" required value={clientId} onInput={(e) => setClientId(e.currentTarget.value)} />
        </label>
        <label>
          Client secret
          <input name="clientSecret" type="password" autoComplete="off" required value={clientSecret} onInput={(e) => setClientSecret(e.currentTarget.value)} />
        </label>
        <label>
          Store
          <input name="store" required value={store} onInput={(e) => setStore(e.currentTarget.value)} />
        </label>
        {error && <p role="alert" class="error">{error}</p>}
        <button type="submit" disabled={busy}>{busy ? "Signing in…" : "Sign in"}</button>
      </form>
    </main>
  );
}

function Register({ config, onSignOut }: { config: settings.Settings; onSignOut: () => void }) {
  const tokens: TokenSource = useMemo(
    () => new ClientCredentials(config.issuer, config.clientId, config.clientSecret),
    [config],
  );
  const [looks, setLooks] = useState<Look[]>([]);
  const [camera, setCamera] = useState<"starting" | "on" | "off">("starting");
  const [cameraProblem, setCameraProblem] = useState<string>();
  const [phase, setPhase] = useState<Phase>({ kind: "ready" });
  const [other, setOther] = useState("");
  const video = useRef<HTMLVideoElement>(null);
  const session = useRef(uuid());
  const attempt = useRef(0);

  useEffect(() => {
    catalogue(tokens).then(setLooks, (e) => setPhase({ kind: "failed", message: describe(e) }));
  }, [tokens]);

  useEffect(() => {
    let stream: MediaStream | undefined;
    if (!navigator.mediaDevices?.getUserMedia) {
      setCamera("off");
      setCameraProblem("This device has no camera the app can use: choose a picture instead.");
      return;
    }
    navigator.mediaDevices
      .getUserMedia({ video: { width: { ideal: 640 }, height: { ideal: 480 } }, audio: false })
      .then((s) => {
        stream = s;
        if (video.current) video.current.srcObject = s;
        setCamera("on");
      })
      .catch((e: DOMException) => {
        setCamera("off");
        setCameraProblem(
          e.name === "NotAllowedError"
            ? "The camera is not allowed for this page: allow it in the browser's site settings, or choose a picture instead."
            : "No camera was found: choose a picture instead.",
        );
      });
    return () => stream?.getTracks().forEach((t) => t.stop());
  }, []);

  const byName = useMemo(() => new Map(looks.map((l) => [l.name, l])), [looks]);
  // the fallback list is built when the recommendation is late, from the catalogue as it is then
  const latestLooks = useRef(looks);
  latestLooks.current = looks;

  async function recommend(frame: Blob) {
    const mine = ++attempt.current;
    performance.clearMarks("sundae-tap");
    performance.mark("sundae-tap");
    const started = performance.now();
    setPhase({ kind: "uploading", progress: 0, bytes: frame.size });
    try {
      const { requestId } = await sendFrame(
        browserTransport(tokens),
        frame,
        { store: config.store, session: session.current },
        (progress) => mine === attempt.current && setPhase({ kind: "uploading", progress, bytes: frame.size }),
      );
      setPhase({ kind: "waiting", requestId, bytes: frame.size, late: false });
      const late = setTimeout(() => {
        if (mine !== attempt.current) return;
        setPhase({
          kind: "shown",
          requestId,
          bytes: frame.size,
          names: latestLooks.current.slice(0, 3).map((l) => l.name),
          fallback: true,
          ms: Math.round(performance.now() - started),
        });
      }, LATE_MS);
      const recommendation = await waitFor(tokens, requestId, started);
      clearTimeout(late);
      if (mine !== attempt.current) return;
      if (!recommendation) return; // the fallback list stays
      const measure = performance.measure("sundae-top3", "sundae-tap");
      setPhase({
        kind: "shown",
        requestId,
        bytes: frame.size,
        names: recommendation.flavours.map((f) => f.flavour),
        fallback: false,
        ms: Math.round(measure.duration),
        arm: recommendation.arm,
      });
    } catch (failure) {
      if (mine === attempt.current) setPhase({ kind: "failed", message: describe(failure) });
    }
  }

  async function takePicture() {
    const v = video.current;
    if (!v || !v.videoWidth) return;
    await recommend(await compress(v, v.videoWidth, v.videoHeight));
  }

  async function choosePicture(e: Event) {
    const file = (e.currentTarget as HTMLInputElement).files?.[0];
    if (!file) return;
    try {
      const bitmap = await createImageBitmap(file);
      await recommend(await compress(bitmap, bitmap.width, bitmap.height));
    } catch (failure) {
      setPhase({ kind: "failed", message: `That picture cannot be read: ${describe(failure)}` });
    }
  }

  async function bought(requestId: string, flavour: string) {
    const purchase = {
      purchaseId: uuid(),
      requestId,
      flavours: [flavour],
      store: config.store,
      purchasedAt: new Date().toISOString(),
    };
    // idempotent by purchaseId: a retry after a lost answer records it once
    for (let tried = 0; ; tried++) {
      try {
        await call(tokens, "/v1/purchases", { method: "POST", json: purchase });
        break;
      } catch (failure) {
        if (failure instanceof ApiError || tried >= 2) {
          setPhase({ kind: "failed", message: describe(failure) });
          return;
        }
        await new Promise((r) => setTimeout(r, 1000));
      }
    }
    session.current = uuid(); // the next customer
    setPhase({ kind: "recorded", flavour });
  }

  const label = (name: string) => byName.get(name)?.displayName ?? name;
  const busy = phase.kind === "uploading" || phase.kind === "waiting";

  return (
    <main>
      <header>
        <h1>Register · {config.store}</h1>
        <button class="quiet" onClick={onSignOut}>Sign out</button>
      </header>
      <section class="camera" aria-label="Camera">
        {camera !== "off" ? (
          <video ref={video} autoPlay playsInline muted aria-label="Camera preview" />
        ) : (
          <p role="status" class="notice">{cameraProblem}</p>
        )}
        <div class="actions">
          {camera === "on" && (
            <button class="primary" onClick={takePicture} disabled={busy}>
              Take picture
            </button>
          )}
          <label class={camera === "on" ? "file quiet" : "file primary"}>
            Choose a picture
            <input type="file" accept="image/*" capture="user" onChange={choosePicture} disabled={busy} />
          </label>
        </div>
      </section>
      <section aria-live="polite" class="result">
        {phase.kind === "uploading" && (
          <>
            <label>
              Uploading {kb(phase.bytes)}
              <progress max={1} value={phase.progress} />
            </label>
          </>
        )}
        {phase.kind === "waiting" && (
          <p class="spinner" role="status">Finding flavours… ({kb(phase.bytes)} sent)</p>
        )}
        {phase.kind === "shown" && (
          <>
            <h2>{phase.fallback ? "Popular flavours (the recommendation is late)" : "Top 3"}</h2>
            <ol class="top3" data-request={phase.requestId} data-fallback={String(phase.fallback)}>
              {phase.names.map((name, i) => {
                const colour = byName.get(name)?.colour ?? null;
                return (
                  <li key={name}>
                    <button
                      class="flavour"
                      data-flavour={name}
                      style={{ background: colour ?? "#eeeeee", color: inkOn(colour) }}
                      onClick={() => bought(phase.requestId, name)}
                      aria-label={`${i + 1}. ${label(name)}: record the purchase`}
                    >
                      <span class="rank">{i + 1}</span> {label(name)}
                    </button>
                  </li>
                );
              })}
            </ol>
            <form
              class="other"
              onSubmit={(e) => {
                e.preventDefault();
                if (other) bought(phase.requestId, other);
              }}
            >
              <label>
                Another flavour
                <select value={other} onChange={(e) => setOther(e.currentTarget.value)}>
                  <option value="">Choose…</option>
                  {looks.map((l) => (
                    <option key={l.name} value={l.name}>{l.displayName}</option>
                  ))}
                </select>
              </label>
              <button type="submit" disabled={!other}>Record</button>
            </form>
            <p class="figures">
              {phase.fallback ? "" : `Top 3 in ${phase.ms} ms · `}frame {kb(phase.bytes)}
              {phase.arm === "holdout" ? " · best sellers (holdout)" : ""}
            </p>
          </>
        )}
        {phase.kind === "recorded" && (
          <p role="status" class="done">Recorded: {label(phase.flavour)}. Ready for the next customer.</p>
        )}
        {phase.kind === "failed" && (
          <p role="alert" class="error">{phase.message}</p>
        )}
      </section>
    </main>
  );
}

/** The recommendation once stored, or undefined after {@link GIVE_UP_MS}. */
async function waitFor(tokens: TokenSource, requestId: string, started: number): Promise<Recommendation | undefined> {
  while (performance.now() - started < GIVE_UP_MS) {
    try {
      return (await call<Recommendation>(tokens, `/v1/recommendations/${requestId}?waitMs=10000`)).body;
    } catch (failure) {
      if (failure instanceof ApiError && failure.type === "recommendation-pending") continue;
      if (failure instanceof ApiError) throw failure;
      await new Promise((r) => setTimeout(r, 1000)); // the network: try again
    }
  }
  return undefined;
}

function kb(bytes: number): string {
  return `${(bytes / 1024).toFixed(1)} KB`;
}

function describe(failure: unknown): string {
  if (failure instanceof ApiError) {
    if (failure.status === 401) return `Sign-in refused: ${failure.message}`;
    return failure.message;
  }
  if (failure instanceof TypeError) return "The network is down or the server cannot be reached";
  return failure instanceof Error ? failure.message : String(failure);
}

function App() {
  const [config, setConfig] = useState(settings.load());
  if (!config) return <Setup onDone={setConfig} />;
  return (
    <Register
      config={config}
      onSignOut={() => {
        settings.forget();
        setConfig(undefined);
      }}
    />
  );
}

render(<App />, document.getElementById("app")!);
