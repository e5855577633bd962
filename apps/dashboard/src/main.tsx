import { render } from "preact";
import { useEffect, useMemo, useState } from "preact/hooks";
import { ApiError, call, type TokenSource } from "../../shared/api";
import { catalogue, type Look } from "../../shared/catalogue";
import { IssuerSignIn } from "../../shared/IssuerSignIn";
import { PkceSignIn } from "../../shared/pkce";
import { RateChart } from "./charts";
import "./style.css";

const CLIENT_ID = "dashboard";
const ISSUER_KEY = "sundae.dashboard.issuer";
const WINDOWS = [
  { days: 1, label: "Last 24 hours" },
  { days: 7, label: "Last 7 days" },
  { days: 30, label: "Last 30 days" },
  { days: 90, label: "Last 90 days" },
];

interface Conversion {
  recommendations: number;
  converted: number;
  conversion: number;
}
interface Interval {
  estimate: number;
  low: number;
  high: number;
}
interface Comparison {
  model: Conversion;
  holdout: Conversion;
  enoughData: boolean;
  absoluteUplift: Interval | null;
}
interface Figures {
  effectiveness: {
    overall: Conversion;
    byRank: (Conversion & { rank: number })[];
    byFlavour: (Conversion & { flavour: string })[];
    byModelVersion: (Conversion & { modelVersion: string })[];
  };
  uplift: {
    holdoutPercent: number;
    method: string;
    minimumPerArm: number;
    overall: Comparison;
    byStore: (Comparison & { store: string })[];
    byDay: (Comparison & { day: string })[];
  };
  policy: {
    explorationPercent: number;
    enoughData: boolean;
    logged: Conversion;
    learned: { conversion: number; interval: Interval } | null;
    model: { conversion: number; interval: Interval } | null;
  };
}

function redirectUri(): string {
  return new URL("/apps/dashboard/", location.origin).toString();
}

function Dashboard({ tokens, onSignOut }: { tokens: PkceSignIn; onSignOut: () => void }) {
  const [days, setDays] = useState(30);
  const [figures, setFigures] = useState<Figures>();
  const [looks, setLooks] = useState<Look[]>([]);
  const [error, setError] = useState<string>();
  const who = String(tokens.claims().preferred_username ?? "");

  useEffect(() => {
    catalogue(tokens).then(setLooks, () => setLooks([]));
  }, [tokens]);

  useEffect(() => {
    let current = true;
    setFigures(undefined);
    setError(undefined);
    load(tokens, days).then(
      (f) => current && setFigures(f),
      (e) => current && setError(describe(e)),
    );
    return () => {
      current = false;
    };
  }, [days]);

  const colour = useMemo(() => new Map(looks.map((l) => [l.name, l])), [looks]);

  return (
    <main class="wide">
      <header>
        <h1>Dashboard</h1>
        <span class="who">{who}</span>
        <button class="quiet" onClick={onSignOut}>Sign out</button>
      </header>
      <fieldset class="windows">
        <legend>Window</legend>
        {WINDOWS.map((w) => (
          <label key={w.days} class={w.days === days ? "chosen" : ""}>
            <input type="radio" name="window" checked={w.days === days} onChange={() => setDays(w.days)} />
            {w.label}
          </label>
        ))}
      </fieldset>
      {error && <p role="alert" class="error">{error}</p>}
      {!figures && !error && <p role="status">Loading…</p>}
      {figures && (
        <>
          <section class="kpis" aria-label="Summary">
            <Kpi
              title="Recommendations that sold"
              value={percent(figures.effectiveness.overall.conversion)}
              detail={`${figures.effectiveness.overall.converted} of ${figures.effectiveness.overall.recommendations}`}
            />
            <Kpi
              title={`Uplift over the holdout (${figures.uplift.holdoutPercent} %)`}
              value={
                figures.uplift.overall.absoluteUplift
                  ? points(figures.uplift.overall.absoluteUplift.estimate)
                  : "not enough data"
              }
              detail={
                figures.uplift.overall.absoluteUplift
                  ? `95 % interval ${points(figures.uplift.overall.absoluteUplift.low)} to ${points(figures.uplift.overall.absoluteUplift.high)}`
                  : `at least ${figures.uplift.minimumPerArm} per arm needed`
              }
            />
            <Kpi
              title="Learning policy, estimated"
              value={figures.policy.learned ? percent(figures.policy.learned.conversion) : "not enough data"}
              detail={
                figures.policy.learned && figures.policy.model
                  ? `model's ranking ${percent(figures.policy.model.conversion)}`
                  : `exploration ${figures.policy.explorationPercent} %`
              }
            />
          </section>
          <div class="charts">
            <RateChart
              title="Conversion by rank"
              kind="bar"
              labels={figures.effectiveness.byRank.map((r) => `#${r.rank}`)}
              series={[{ label: "conversion", values: figures.effectiveness.byRank.map((r) => r.conversion) }]}
              counts={figures.effectiveness.byRank.map((r) => String(r.recommendations))}
            />
            <RateChart
              title="Conversion by flavour"
              kind="bar"
              labels={figures.effectiveness.byFlavour.map((f) => colour.get(f.flavour)?.displayName ?? f.flavour)}
              series={[
                {
                  label: "conversion",
                  values: figures.effectiveness.byFlavour.map((f) => f.conversion),
                  colours: figures.effectiveness.byFlavour.map((f) => colour.get(f.flavour)?.colour ?? "#b0306a"),
                },
              ]}
              counts={figures.effectiveness.byFlavour.map((f) => String(f.recommendations))}
            />
            <RateChart
              title="Conversion by store"
              kind="bar"
              labels={figures.uplift.byStore.map((s) => s.store)}
              series={[
                { label: "model", values: figures.uplift.byStore.map((s) => s.model.conversion), colour: "#b0306a" },
                { label: "holdout", values: figures.uplift.byStore.map((s) => (s.holdout.recommendations ? s.holdout.conversion : null)), colour: "#4a4a4a" },
              ]}
              counts={figures.uplift.byStore.map((s) => String(s.model.recommendations + s.holdout.recommendations))}
              empty="No upload named a store in this window."
            />
            <RateChart
              title="Conversion by day"
              kind="line"
              labels={figures.uplift.byDay.map((d) => d.day)}
              series={[
                { label: "model", values: figures.uplift.byDay.map((d) => (d.model.recommendations ? d.model.conversion : null)), colour: "#b0306a" },
                { label: "holdout", values: figures.uplift.byDay.map((d) => (d.holdout.recommendations ? d.holdout.conversion : null)), colour: "#4a4a4a" },
              ]}
              counts={figures.uplift.byDay.map((d) => String(d.model.recommendations + d.holdout.recommendations))}
            />
            <RateChart
              title="Conversion by model version"
              kind="bar"
              labels={figures.effectiveness.byModelVersion.map((m) => m.modelVersion)}
              series={[{ label: "conversion", values: figures.effectiveness.byModelVersion.map((m) => m.conversion) }]}
              counts={figures.effectiveness.byModelVersion.map((m) => String(m.recommendations))}
            />
          </div>
        </>
      )}
    </main>
  );
}

function Kpi({ title, value, detail }: { title: string; value: string; detail: string }) {
  return (
    <div class="kpi">
      <h2>{title}</h2>
      <p class="value">{value}</p>
      <p class="detail">{detail}</p>
    </div>
  );
}

async function load(tokens: TokenSource, days: number): Promise<Figures> {
  const to = new Date();
  const from = new Date(to.getTime() - days * 86_400_000);
  const window = `from=${from.toISOString()}&to=${to.toISOString()}`;
  const [effectiveness, uplift, policy] = await Promise.all([
    call<Figures["effectiveness"]>(tokens, `/v1/analytics/effectiveness?${window}`),
    call<Figures["uplift"]>(tokens, `/v1/analytics/uplift?${window}`),
    call<Figures["policy"]>(tokens, `/v1/analytics/policy?${window}`),
  ]);
  return { effectiveness: effectiveness.body, uplift: uplift.body, policy: policy.body };
}

function percent(rate: number): string {
  return `${(rate * 100).toFixed(1)} %`;
}

function points(rate: number): string {
  return `${rate >= 0 ? "+" : ""}${(rate * 100).toFixed(1)} pts`;
}

function describe(failure: unknown): string {
  if (failure instanceof ApiError && failure.status === 403) {
    return "This account is not one of the chain's analysts (it lacks the sundae-analyst role).";
  }
  return failure instanceof Error ? failure.message : String(failure);
}

function App() {
  const issuer = localStorage.getItem(ISSUER_KEY);
  const [tokens, setTokens] = useState<PkceSignIn | undefined>(() =>
    issuer ? new PkceSignIn(issuer, CLIENT_ID, redirectUri(), "sundae.dashboard.tokens") : undefined,
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
        title="Sundae dashboard"
        intro="How your chain's recommendations sell. Sign in with your chain's account."
        issuerKey={ISSUER_KEY}
        error={error}
        onIssuer={(chosen) => {
          const pkce = new PkceSignIn(chosen, CLIENT_ID, redirectUri(), "sundae.dashboard.tokens");
          pkce.start().catch((e) => setError(`The sign-in address does not answer: ${describe(e)}`));
        }}
      />
    );
  }
  return (
    <Dashboard
      tokens={tokens}
      onSignOut={() => {
        tokens.signOut();
        setTokens(undefined);
      }}
    />
  );
}

render(<App />, document.getElementById("app")!);
