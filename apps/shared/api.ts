// Calls to Sundae's APIs with a bearer token; errors are RFC 9457 problems.

/** A refusal or failure of the API, with its problem type's last segment (e.g. "forbidden-role"). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly type: string,
    detail: string,
    readonly retryAfterSeconds?: number,
  ) {
    super(detail);
  }
}

/** Something that hands out a valid access token, fetching a new one when asked to. */
export interface TokenSource {
  token(fresh?: boolean): Promise<string>;
}

/**
 * {@code fetch} of a JSON API with the token; a 401 gets one new token and one retry (the token
 * expired between the check and the call, or the issuer rotated its keys).
 */
export async function call<T>(
  tokens: TokenSource,
  path: string,
  init: RequestInit & { json?: unknown } = {},
): Promise<{ status: number; body: T }> {
  const send = async (fresh: boolean) => {
    const headers = new Headers(init.headers);
    headers.set("Authorization", `Bearer ${await tokens.token(fresh)}`);
    headers.set("Accept", "application/json, application/problem+json");
    let body = init.body;
    if (init.json !== undefined) {
      headers.set("Content-Type", "application/json");
      body = JSON.stringify(init.json);
    }
    return fetch(path, { ...init, headers, body });
  };
  let response = await send(false);
  if (response.status === 401) response = await send(true);
  if (!response.ok) throw await problem(response);
  const text = await response.text();
  return { status: response.status, body: (text ? JSON.parse(text) : undefined) as T };
}

export async function problem(response: Response): Promise<ApiError> {
  let type = "unknown";
  let detail = `${response.status} ${response.statusText}`;
  try {
    const body = await response.json();
    type = String(body.type ?? "").split("/").pop() || type;
    detail = body.detail ?? body.title ?? body.error_description ?? body.error ?? detail;
  } catch {
    // not a problem document: the status says it
  }
  const retry = Number(response.headers.get("Retry-After"));
  return new ApiError(response.status, type, detail, Number.isFinite(retry) ? retry : undefined);
}

/** A random UUID (crypto.randomUUID needs a secure context, which every app page is). */
export function uuid(): string {
  return crypto.randomUUID();
}
