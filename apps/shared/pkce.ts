import { problem, type TokenSource } from "./api";
import { discover } from "./clientCredentials";

/**
 * A person's sign-in at the tenant's issuer: OpenID Connect's authorization code flow with PKCE
 * (S256) for a public client, as RFC 9700 (OAuth 2.0 Security BCP) asks of browser apps: no
 * client secret, no password grant, the code bound to this browser by its verifier and the
 * request by its state and nonce. Tokens stay in this tab's session storage; the refresh token
 * renews the access token.
 */
export class PkceSignIn implements TokenSource {
  private tokens?: { access: string; refresh?: string; expiresAt: number; id?: string };

  constructor(
    private readonly issuer: string,
    private readonly clientId: string,
    private readonly redirectUri: string,
    private readonly storageKey: string,
  ) {
    const saved = sessionStorage.getItem(storageKey);
    if (saved) this.tokens = JSON.parse(saved);
  }

  get signedIn(): boolean {
    return this.tokens !== undefined;
  }

  /** The claims of the access token (read, not verified: the API verifies it). */
  claims(): Record<string, unknown> {
    if (!this.tokens) return {};
    const part = this.tokens.access.split(".")[1].replace(/-/g, "+").replace(/_/g, "/");
    return JSON.parse(decodeURIComponent(escape(atob(part))));
  }

  /** Goes to the issuer's sign-in page; it comes back to the redirect URI with a code. */
  async start(): Promise<never> {
    const metadata = await discover(this.issuer);
    const verifier = random(48);
    const state = random(16);
    const nonce = random(16);
    sessionStorage.setItem(`${this.storageKey}.pending`, JSON.stringify({ verifier, state, nonce }));
    const challenge = base64url(new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(verifier))));
    const url = new URL(metadata.authorization_endpoint);
    url.search = new URLSearchParams({
      response_type: "code",
      client_id: this.clientId,
      redirect_uri: this.redirectUri,
      scope: "openid",
      state,
      nonce,
      code_challenge: challenge,
      code_challenge_method: "S256",
    }).toString();
    location.assign(url.toString());
    return new Promise(() => {});
  }

  /**
   * On the way back from the issuer: trades the code for tokens when the URL carries one of this
   * tab's sign-ins, and removes it from the address bar. False when there is nothing to finish.
   */
  async finish(): Promise<boolean> {
    const query = new URLSearchParams(location.search);
    const pendingText = sessionStorage.getItem(`${this.storageKey}.pending`);
    if (!query.has("state") || !pendingText) return false;
    sessionStorage.removeItem(`${this.storageKey}.pending`);
    history.replaceState(null, "", this.redirectUri);
    const pending = JSON.parse(pendingText);
    if (query.get("state") !== pending.state) throw new Error("The sign-in answer is not this tab's");
    if (query.has("error")) throw new Error(query.get("error_description") ?? query.get("error")!);
    await this.exchange({
      grant_type: "authorization_code",
      code: query.get("code") ?? "",
      redirect_uri: this.redirectUri,
      code_verifier: pending.verifier,
    });
    const nonce = this.tokens?.id ? JSON.parse(atob(this.tokens.id.split(".")[1].replace(/-/g, "+").replace(/_/g, "/"))).nonce : undefined;
    if (nonce !== pending.nonce) {
      this.signOut();
      throw new Error("The sign-in answer does not carry this tab's nonce");
    }
    return true;
  }

  async token(fresh = false): Promise<string> {
    if (!this.tokens) throw new Error("Not signed in");
    if (fresh || this.tokens.expiresAt - 30_000 < Date.now()) {
      if (!this.tokens.refresh) throw new Error("The session has ended: sign in again");
      await this.exchange({ grant_type: "refresh_token", refresh_token: this.tokens.refresh });
    }
    return this.tokens.access;
  }

  signOut(): void {
    this.tokens = undefined;
    sessionStorage.removeItem(this.storageKey);
  }

  private async exchange(grant: Record<string, string>): Promise<void> {
    const metadata = await discover(this.issuer);
    const response = await fetch(metadata.token_endpoint, {
      method: "POST",
      body: new URLSearchParams({ ...grant, client_id: this.clientId }),
    });
    if (!response.ok) {
      this.signOut();
      throw await problem(response);
    }
    const body = await response.json();
    this.tokens = {
      access: body.access_token,
      refresh: body.refresh_token,
      id: body.id_token ?? this.tokens?.id,
      expiresAt: Date.now() + Number(body.expires_in ?? 60) * 1000,
    };
    sessionStorage.setItem(this.storageKey, JSON.stringify(this.tokens));
  }
}

function random(bytes: number): string {
  return base64url(crypto.getRandomValues(new Uint8Array(bytes)));
}

function base64url(data: Uint8Array): string {
  return btoa(String.fromCharCode(...data)).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}
