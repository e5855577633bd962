// The platform under test as e2e.properties describes it, and Debian's Chromium set up to trust
// the platform's CA (a fresh NSS database in a fresh home, as a register's device trusts its
// chain's CA) with fake media devices fed from files.
import { execFileSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import { deflateSync } from "node:zlib";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";

export const CHROMIUM = process.env.SUNDAE_CHROMIUM ?? "/usr/bin/chromium";
/** A phone's screen (the apps are phone first). */
export const PHONE = { width: 390, height: 844 };
export const SCREENSHOTS = resolve(import.meta.dirname, "../screenshots");
export const RESULTS = resolve(import.meta.dirname, "../target/browser-tests");

export function properties(): Record<string, string> {
  const state = process.env.SUNDAE_E2E_STATE;
  if (!state) throw new Error("SUNDAE_E2E_STATE is not set: the folder of the platform's e2e.properties");
  const values: Record<string, string> = {};
  for (const line of readFileSync(join(state, "e2e.properties"), "utf8").split("\n")) {
    const m = /^([^#=\s][^=]*)=(.*)$/.exec(line.trim());
    if (m) values[m[1].trim()] = m[2].replace(/\\:/g, ":").replace(/\\\\/g, "\\");
  }
  return values;
}

export interface Tenant {
  name: string;
  issuer: string;
  clientId: string;
  clientSecret: string;
}

export function tenants(p = properties()): Tenant[] {
  return p.tenants.split(",").map((name) => ({
    name,
    issuer: p[`tenant.${name}.issuer`],
    clientId: p[`tenant.${name}.client-id`],
    clientSecret: p[`tenant.${name}.client-secret`],
  }));
}

/** A home folder whose NSS database trusts the platform's CA (Chromium on Linux reads it). */
function homeTrusting(ca: string): string {
  const home = mkdtempSync(join(tmpdir(), "sundae-chromium-"));
  const db = join(home, ".pki/nssdb");
  mkdirSync(db, { recursive: true });
  execFileSync("certutil", ["-N", "-d", `sql:${db}`, "--empty-password"]);
  execFileSync("certutil", ["-A", "-d", `sql:${db}`, "-n", "sundae-platform", "-t", "C,,", "-i", ca]);
  return home;
}

export interface Media {
  video?: string;
  audio?: string;
}

export async function launch(media: Media = {}): Promise<Browser> {
  const p = properties();
  const args = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--use-fake-device-for-media-stream",
  ];
  if (media.video) args.push(`--use-file-for-fake-video-capture=${media.video}`);
  if (media.audio) args.push(`--use-file-for-fake-audio-capture=${media.audio}`);
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args,
    env: { ...process.env, HOME: homeTrusting(p["tls.ca"]) } as Record<string, string>,
  });
}

/** A phone-sized context; what the page's policy refuses and what it logs as an error is kept. */
export async function phone(
  browser: Browser,
  permissions: string[] = [],
): Promise<{ context: BrowserContext; page: Page; refused: string[] }> {
  const context = await browser.newContext({
    viewport: PHONE,
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
    permissions,
  });
  const page = await context.newPage();
  const refused: string[] = [];
  page.on("console", (m) => {
    if (/Content Security Policy|Refused to/.test(m.text())) refused.push(m.text());
  });
  page.on("pageerror", (e) => refused.push(`page error: ${e.message}`));
  return { context, page, refused };
}

const AXE = readFileSync(resolve(import.meta.dirname, "../node_modules/axe-core/axe.min.js"), "utf8");

/** axe-core's serious and critical violations of the page as it is (WCAG 2.x A and AA rules). */
export async function accessibilityProblems(page: Page): Promise<string[]> {
  // evaluated through the DevTools protocol: the page's policy (no inline script) stays on
  await page.evaluate(AXE);
  const result = await page.evaluate(() =>
    // @ts-expect-error axe is what the evaluated script defined
    window.axe.run(document, { runOnly: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"] }),
  );
  return (result.violations as { id: string; impact: string; help: string; nodes: { target: string[] }[] }[])
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`) });
}

export function record(name: string, text: string): void {
  mkdirSync(RESULTS, { recursive: true });
  writeFileSync(join(RESULTS, name), text);
  console.log(text);
}

/**
 * A Y4M video (what Chromium's fake camera plays) of a pink scene, RGB(245, 150, 180) with a
 * little noise: the reference model's strawberry.
 */
export function pinkVideo(): string {
  const file = join(RESULTS, "pink.y4m");
  if (existsSync(file)) return file;
  mkdirSync(RESULTS, { recursive: true });
  const [w, h, frames] = [640, 480, 10];
  const header = Buffer.from(`YUV4MPEG2 W${w} H${h} F10:1 Ip A1:1 C420jpeg\n`);
  const parts: Buffer[] = [header];
  let seed = 7;
  const noise = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) % 13) - 6;
  for (let f = 0; f < frames; f++) {
    parts.push(Buffer.from("FRAME\n"));
    const y = Buffer.alloc(w * h);
    for (let i = 0; i < y.length; i++) y[i] = 182 + noise();
    parts.push(y, Buffer.alloc((w * h) / 4, 127), Buffer.alloc((w * h) / 4, 173));
  }
  writeFileSync(file, Buffer.concat(parts));
  return file;
}

export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

/** A WAV file (what Chromium's fake microphone plays): a 440 Hz tone, 3 s, 48 kHz mono. */
export function toneAudio(): string {
  const file = join(RESULTS, "tone.wav");
  if (existsSync(file)) return file;
  mkdirSync(RESULTS, { recursive: true });
  const rate = 48_000;
  const samples = rate * 3;
  const data = Buffer.alloc(samples * 2);
  for (let i = 0; i < samples; i++) {
    const envelope = 0.3 + 0.7 * Math.abs(Math.sin((Math.PI * i) / rate)); // a shape for the waveform
    data.writeInt16LE(Math.round(Math.sin((2 * Math.PI * 440 * i) / rate) * 12_000 * envelope), i * 2);
  }
  const header = Buffer.alloc(44);
  header.write("RIFF", 0);
  header.writeUInt32LE(36 + data.length, 4);
  header.write("WAVEfmt ", 8);
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20);
  header.writeUInt16LE(1, 22);
  header.writeUInt32LE(rate, 24);
  header.writeUInt32LE(rate * 2, 28);
  header.writeUInt16LE(2, 32);
  header.writeUInt16LE(16, 34);
  header.write("data", 36);
  header.writeUInt32LE(data.length, 40);
  writeFileSync(file, Buffer.concat([header, data]));
  return file;
}

/** Signs in at the tenant's issuer on Keycloak's own login page, from an app's sign-in form. */
export async function keycloakLogin(page: Page, issuer: string, username: string, password: string): Promise<void> {
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL((url) => url.toString().startsWith(issuer));
  await page.locator("#username").fill(username);
  await page.locator("#password").fill(password);
  await page.locator("#kc-login").click();
}

/** A register's access token: client credentials at the tenant's issuer. */
export async function clientCredentials(tenant: Tenant): Promise<string> {
  const response = await fetch(`${tenant.issuer}/protocol/openid-connect/token`, {
    method: "POST",
    body: new URLSearchParams({ grant_type: "client_credentials", client_id: tenant.clientId, client_secret: tenant.clientSecret }),
  });
  return (await response.json()).access_token;
}

/** A pink 224 x 224 PNG (the reference model's strawberry), as hack/local/demo.py writes it. */
export function pinkPng(): Buffer {
  const size = 224;
  const rows = Buffer.alloc(size * (1 + size * 3));
  for (let y = 0; y < size; y++) {
    rows[y * (1 + size * 3)] = 0;
    for (let x = 0; x < size; x++) rows.set([245, 150, 180], y * (1 + size * 3) + 1 + x * 3);
  }
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (data: Buffer) => {
    let c = 0xffffffff;
    for (const b of data) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (kind: string, data: Buffer) => {
    const head = Buffer.alloc(4);
    head.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(kind), data]);
    const tail = Buffer.alloc(4);
    tail.writeUInt32BE(crc(body));
    return Buffer.concat([head, body, tail]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.set([8, 2, 0, 0, 0], 8);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", header),
    chunk("IDAT", deflateSync(rows)),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}

/** What a register does through the API alone: a pink frame from {@code store}, then its first flavour bought. */
export async function sale(gateway: string, tenant: Tenant, store: string): Promise<string> {
  const token = await clientCredentials(tenant);
  const auth = { Authorization: `Bearer ${token}` };
  const frame = pinkPng();
  const signed = await (
    await fetch(`${gateway}/v1/uploads`, {
      method: "POST",
      headers: { ...auth, "Content-Type": "application/json" },
      body: JSON.stringify({ contentType: "image/png", sizeBytes: frame.length, store }),
    })
  ).json();
  const headers = { ...signed.upload.headers };
  delete headers["content-length"];
  const put = await fetch(signed.upload.url, { method: "PUT", headers, body: new Uint8Array(frame) });
  if (!put.ok) throw new Error(`PUT ${put.status}`);
  const recommendation = await (
    await fetch(`${gateway}/v1/recommendations/${signed.requestId}?waitMs=10000`, { headers: auth })
  ).json();
  const flavour = recommendation.flavours[0].flavour;
  const bought = await fetch(`${gateway}/v1/purchases`, {
    method: "POST",
    headers: { ...auth, "Content-Type": "application/json" },
    body: JSON.stringify({ purchaseId: randomUUID(), requestId: signed.requestId, flavours: [flavour], store, purchasedAt: new Date().toISOString() }),
  });
  if (bought.status !== 201) throw new Error(`purchase ${bought.status}`);
  return flavour;
}
