import { problem, type TokenSource } from "./api";

/**
 * A register's tokens: the OAuth 2.0 client credentials grant at the tenant's issuer, with the
 * client id and secret provisioned to this register (the security model's register principal).
 * The secret goes in the form body (client_secret_post), so the request is a CORS simple request;
 * the issuer must list the app's origin among the client's web origins. A token is reused until
 * 30 s before it expires.
 */
export class ClientCredentials implements TokenSource {
  private cached?: { value: string; expiresAt: number };
  private endpoint?: Promise<string>;

  constructor(
    private readonly issuer: string,
    private readonly clientId: string,
    private readonly clientSecret: string,
    private readonly now: () => number = Date.now,
  ) {}

  async token(fresh = false): Promise<string> {
    if (!fresh && this.cached && this.cached.expiresAt - 30_000 > this.now()) {
      return this.cached.value;
    }
    const response = await fetch(await this.tokenEndpoint(), {
      method: "POST",
      body: new URLSearchParams({
        grant_type: "client_credentials",
        client_id: this.clientId,
        client_secret: this.clientSecret,
      }),
    });
    if (!response.ok) throw await problem(response);
    const body = await response.json();
    this.cached = {
      value: body.access_token,
      expiresAt: this.now() + Number(body.expires_in ?? 60) * 1000,
    };
    return this.cached.value;
  }

  /** The issuer's token endpoint, from its OpenID Provider metadata. */
  private tokenEndpoint(): Promise<string> {
    this.endpoint ??= discover(this.issuer).then((m) => m.token_endpoint);
    this.endpoint.catch(() => (this.endpoint = undefined));
    return this.endpoint;
  }
}

export interface ProviderMetadata {
  issuer: string;
  token_endpoint: string;
  authorization_endpoint: string;
  end_session_endpoint?: string;
}

export async function discover(issuer: string): Promise<ProviderMetadata> {
  const response = await fetch(`${issuer.replace(/\/$/, "")}/.well-known/openid-configuration`);
  if (!response.ok) throw await problem(response);
  return response.json();
}
