import { afterEach, describe, expect, it, vi } from "vitest";
import { call } from "./api";
import { ClientCredentials } from "./clientCredentials";

/** A fetch that answers the issuer's discovery and token endpoints, counting token requests. */
function issuer(expiresIn = 300) {
  let issued = 0;
  const fetch = vi.fn(async (url: string | URL, init?: RequestInit) => {
    const target = String(url);
    if (target.endsWith("/.well-known/openid-configuration")) {
      return Response.json({ issuer: "https://id/realms/a", token_endpoint: "https://id/token", authorization_endpoint: "https://id/auth" });
    }
    if (target === "https://id/token") {
      expect(String(init?.body)).toContain("grant_type=client_credentials");
      issued++;
      return Response.json({ access_token: `t${issued}`, expires_in: expiresIn });
    }
    throw new Error(`unexpected ${target}`);
  });
  return { fetch, issued: () => issued };
}

afterEach(() => vi.unstubAllGlobals());

describe("a register's tokens", () => {
  it("reuses a token until 30 s before it expires, then asks for a new one", async () => {
    const server = issuer(300);
    vi.stubGlobal("fetch", server.fetch);
    let now = 0;
    const tokens = new ClientCredentials("https://id/realms/a", "register", "s", () => now);

    expect(await tokens.token()).toBe("t1");
    now = 269_000;
    expect(await tokens.token()).toBe("t1");
    now = 271_000;
    expect(await tokens.token()).toBe("t2");
    expect(server.issued()).toBe(2);
  });

  it("takes a new token and tries once more when the API answers 401", async () => {
    const server = issuer(300);
    const seen: string[] = [];
    vi.stubGlobal("fetch", async (url: string | URL, init?: RequestInit) => {
      if (String(url).startsWith("https://id")) return server.fetch(url, init);
      const auth = new Headers(init?.headers).get("Authorization")!;
      seen.push(auth);
      return auth === "Bearer t1"
        ? Response.json({ type: "https://sundae.dev/problems/unauthorized", detail: "expired" }, { status: 401 })
        : Response.json({ flavours: [] });
    });
    const tokens = new ClientCredentials("https://id/realms/a", "register", "s");

    const answer = await call<{ flavours: unknown[] }>(tokens, "https://gw/v1/catalogue");

    expect(answer.status).toBe(200);
    expect(seen).toEqual(["Bearer t1", "Bearer t2"]);
  });
});
