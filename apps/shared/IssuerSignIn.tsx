import { useState } from "preact/hooks";

/**
 * The first screen of an app people sign in to: which chain (its OIDC issuer, from the app's link
 * ?issuer=, or the one used last), then the issuer's own sign-in page (PkceSignIn.start).
 */
export function IssuerSignIn(props: {
  title: string;
  intro: string;
  issuerKey: string;
  onIssuer: (issuer: string) => void;
  error?: string;
}) {
  const [issuer, setIssuer] = useState(
    new URLSearchParams(location.search).get("issuer") ?? localStorage.getItem(props.issuerKey) ?? "",
  );
  return (
    <main class="setup">
      <h1>{props.title}</h1>
      <p>{props.intro}</p>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          localStorage.setItem(props.issuerKey, issuer.trim());
          props.onIssuer(issuer.trim());
        }}
      >
        <label>
          Your chain's sign-in address (issuer)
          <input type="url" required value={issuer} onInput={(e) => setIssuer(e.currentTarget.value)} />
        </label>
        {props.error && <p role="alert" class="error">{props.error}</p>}
        <button class="primary" type="submit">Sign in</button>
      </form>
    </main>
  );
}
