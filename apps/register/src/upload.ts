import { call, type TokenSource } from "../../shared/api";

/** POST /v1/uploads's answer. */
export interface SignedUpload {
  requestId: string;
  upload: { method: string; url: string; headers: Record<string, string> };
  expiresAt: string;
}

export interface FrameTarget {
  store: string;
  session: string;
}

/** What the retries need from the world, so that a unit test can drive them. */
export interface Transport {
  sign(body: object): Promise<SignedUpload>;
  put(upload: SignedUpload, frame: Blob, progress: (fraction: number) => void): Promise<number>;
  sleep(ms: number): Promise<void>;
  now(): number;
}

export const SAME_URL_ATTEMPTS = 4;

/**
 * Sends one frame straight to the tenant's bucket through a signed, single-use URL and returns its
 * request id. The URL's signature covers If-None-Match: *, so it stores the frame once: after a
 * network failure the same URL is tried again (up to {@link SAME_URL_ATTEMPTS} times in all, while
 * it is valid), and a 412 means an earlier attempt did land. Only when the URL has expired, or the
 * store refused it, is the frame sent once more with a new URL; so a frame is never stored twice
 * unless every retry of the first URL failed without an answer until it expired.
 */
export async function sendFrame(
  transport: Transport,
  frame: Blob,
  target: FrameTarget,
  progress: (fraction: number) => void,
): Promise<{ requestId: string; attempts: number }> {
  const request = {
    contentType: frame.type,
    sizeBytes: frame.size,
    store: target.store,
    session: target.session,
  };
  let attempts = 0;
  for (let url = 0; url < 2; url++) {
    const upload = await transport.sign(request);
    const expiresAt = Date.parse(upload.expiresAt);
    for (let tried = 0; tried < SAME_URL_ATTEMPTS; tried++) {
      if (tried > 0) {
        await transport.sleep(500 * 2 ** (tried - 1));
        if (transport.now() >= expiresAt - 1000) break;
      }
      attempts++;
      let status: number;
      try {
        status = await transport.put(upload, frame, progress);
      } catch {
        continue; // no answer: the same URL again
      }
      if ((status >= 200 && status < 300) || status === 412) {
        progress(1);
        return { requestId: upload.requestId, attempts };
      }
      if (status < 500) break; // refused (expired, signature): a new URL
    }
  }
  throw new Error("The frame could not be uploaded; check the network and take it again");
}

/** The browser's transport: the gateway signs, XMLHttpRequest PUTs (it reports upload progress). */
export function browserTransport(tokens: TokenSource): Transport {
  return {
    sign: async (body) =>
      (await call<SignedUpload>(tokens, "/v1/uploads", { method: "POST", json: body })).body,
    put: (upload, frame, progress) =>
      new Promise((resolve, reject) => {
        const xhr = new XMLHttpRequest();
        xhr.open(upload.upload.method, upload.upload.url);
        for (const [name, value] of Object.entries(upload.upload.headers)) {
          // the browser sets Content-Length itself and refuses to be told
          if (name.toLowerCase() !== "content-length") xhr.setRequestHeader(name, value);
        }
        xhr.upload.onprogress = (e) => e.lengthComputable && progress(e.loaded / e.total);
        xhr.onload = () => resolve(xhr.status);
        xhr.onerror = () => reject(new Error("network"));
        xhr.ontimeout = () => reject(new Error("timeout"));
        xhr.timeout = 15_000;
        xhr.send(frame);
      }),
    sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
    now: () => Date.now(),
  };
}
