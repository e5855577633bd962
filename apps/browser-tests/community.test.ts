// The community app (a PWA) in a real browser: two members sign in through Keycloak's login page
// (code + PKCE); ana holds the record button while the fake microphone plays a tone, and ben's
// browser, another context, receives the voice message live and plays it at 2x; receipts and the
// recording indicator cross over; a push delivered to the service worker shows a notification; and
// the app opens offline with what it had synced.
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from "vitest";
import { accessibilityProblems, keycloakLogin, launch, phone, pinkVideo, properties, screenshot, tenants, toneAudio, type Tenant } from "./platform";

const p = properties();
const chat = p["chat.url"];
const [acme, gelato] = tenants(p);

let browser: Browser;
beforeAll(async () => {
  browser = await launch({ audio: toneAudio(), video: pinkVideo() });
});
afterAll(async () => browser?.close());

async function signIn(tenant: Tenant, username: string) {
  const { context, page, refused } = await phone(browser, ["microphone", "camera", "notifications"]);
  const link = new URL("/apps/community/", chat);
  link.search = new URLSearchParams({ issuer: tenant.issuer }).toString();
  await page.goto(link.toString());
  await keycloakLogin(page, tenant.issuer, username, p["member.password"]);
  return { context, page, refused };
}

async function member(username: string, tenant = acme): Promise<{ context: BrowserContext; page: Page; refused: string[]; subject: string }> {
  const { context, page, refused } = await signIn(tenant, username);
  await page.getByText("Your member id").waitFor({ timeout: 30_000 });
  await page.locator(".live.on").waitFor({ timeout: 15_000 });
  const subject = (await page.locator("code").textContent())!;
  return { context, page, refused, subject };
}

describe("the community app", () => {
  it("records a voice message that another member receives live, plays at 2x and marks listened", async () => {
    const ana = await member("ana");
    const ben = await member("ben");
    onTestFailed(async () => {
      await ana.page.screenshot({ path: "target/browser-tests/failed-ana.png" });
      await ben.page.screenshot({ path: "target/browser-tests/failed-ben.png" });
    });
    expect(await accessibilityProblems(ana.page)).toEqual([]);

    await ana.page.getByLabel("Talk to a member").fill(ben.subject);
    await ana.page.getByRole("button", { name: "Start" }).click();
    await ana.page.waitForURL(/#\/c\//);
    const conversation = new URL(ana.page.url()).hash.slice(4);
    await ben.page.goto(new URL(`/apps/community/#/c/${conversation}`, chat).toString());
    await ben.page.locator(".live.on").waitFor();
    // a direct conversation is an invitation until the other member joins it (on the platform's
    // first run of this test; later runs find the pair's conversation, joined)
    const join = ben.page.getByRole("button", { name: "Join the conversation" });
    const ready = ben.page.getByRole("button", { name: "Hold to record a voice message" });
    await join.or(ready).waitFor({ timeout: 15_000 });
    if (await join.isVisible()) await join.click();
    await ready.waitFor({ timeout: 15_000 });
    await ben.page.locator(".presence", { hasText: "online" }).waitFor({ timeout: 15_000 }); // ana's
    const before = await ben.page.locator(".messages li").count();

    // press and hold for about two seconds
    const record = ana.page.getByRole("button", { name: "Hold to record a voice message" });
    await record.hover();
    await ana.page.mouse.down();
    await ben.page.getByText("ana is recording a voice message").waitFor({ timeout: 10_000 });
    await ana.page.waitForTimeout(2000);
    await ana.page.mouse.up();

    const received = ben.page.locator(".messages li.theirs").nth(before);
    await received.waitFor({ timeout: 30_000 });
    const duration = Number((await received.locator(".duration").textContent())!.replace(" s", ""));
    expect(duration).toBeGreaterThan(1);
    expect(await received.locator(".waveform span").count()).toBe(64);
    await received.getByRole("button", { name: "2×" }).click();
    await received.locator("audio").evaluate((a: HTMLAudioElement) => a.play());
    await ben.page.waitForFunction(
      (index) => {
        const a = document.querySelectorAll(".messages li.theirs audio")[index] as HTMLAudioElement;
        return a.currentTime > 0.3 && a.playbackRate === 2;
      },
      before,
      { timeout: 15_000 },
    );
    await ana.page.getByText("Listened").waitFor({ timeout: 15_000 });
    expect(await accessibilityProblems(ben.page)).toEqual([]);
    await screenshot(ben.page, "community");

    // ben's app closed: the next message reaches him by sync when he opens it again
    await ben.page.goto("about:blank");
    await record.hover();
    await ana.page.mouse.down();
    await ana.page.waitForTimeout(1200);
    await ana.page.mouse.up();
    await ana.page.locator(".messages li.mine").nth(1).waitFor({ timeout: 30_000 });
    await ben.page.goto(new URL(`/apps/community/#/c/${conversation}`, chat).toString());
    await ben.page.locator(".messages li.theirs").nth(before + 1).waitFor({ timeout: 30_000 });

    expect(ana.refused).toEqual([]);
    expect(ben.refused).toEqual([]);
    await ana.context.close();
    await ben.context.close();
  });

  it("shows a notification for a push the service worker receives, and opens offline", async () => {
    const ben = await member("ben");
    const cdp = await ben.context.newCDPSession(ben.page);
    const registration = new Promise<string>((resolve) =>
      cdp.on("ServiceWorker.workerRegistrationUpdated", (e) => {
        const r = e.registrations.find((x: { scopeURL: string }) => x.scopeURL.endsWith("/apps/community/"));
        if (r) resolve(r.registrationId);
      }),
    );
    await cdp.send("ServiceWorker.enable");
    await ben.page.evaluate(() => navigator.serviceWorker.ready);
    await cdp.send("ServiceWorker.deliverPushMessage", {
      origin: new URL(chat).origin,
      registrationId: await registration,
      data: JSON.stringify({ type: "message", conversationId: "c0ffee00-0000-4000-8000-000000000000", sender: "x", durationMillis: 2400 }),
    });
    await ben.page.waitForFunction(async () => {
      const shown = await (await navigator.serviceWorker.ready).getNotifications();
      return shown.some((n) => n.title === "New voice message" && n.body.includes("2 s"));
    });

    // offline: the app and its conversations come from what the service worker kept
    await ben.page.reload();
    await ben.page.locator(".conversations li a").first().waitFor();
    await ben.context.setOffline(true);
    await ben.page.reload();
    await ben.page.locator(".conversations li a").first().waitFor({ timeout: 15_000 });
    expect(await ben.page.locator(".live").textContent()).toBe("offline");
    await ben.context.setOffline(false);
    await ben.context.close();
  });

  it("admits a member of a verified community after a moderator has seen her selfie", async (test) => {
    // gelato admits by selfie; ana is not admitted until a moderator (ben) approves her
    const ana = await signIn(gelato, "ana");
    await ana.page.getByRole("heading", { name: /Welcome|Chats/ }).waitFor({ timeout: 30_000 });
    if (await ana.page.getByRole("heading", { name: "Chats" }).isVisible()) {
      await ana.context.close();
      test.skip(); // admitted by an earlier run on this platform: nothing left to show
    }
    await ana.page.getByText("Take one to ask to join").waitFor();
    expect(await accessibilityProblems(ana.page)).toEqual([]);
    await ana.page.getByRole("button", { name: "Open the camera" }).click();
    await ana.page.waitForFunction(() => (document.querySelector("video") as HTMLVideoElement)?.videoWidth > 0);
    await ana.page.getByRole("button", { name: "Take the selfie and send it" }).click();
    await ana.page.getByText("Your selfie is with the moderators").waitFor({ timeout: 30_000 });

    const ben = await member("ben", gelato);
    await ben.page.getByRole("link", { name: "Moderation" }).click();
    const waiting = ben.page.locator("li", { hasText: "ana" }).first();
    await waiting.getByRole("button", { name: "Approve" }).click();
    await waiting.waitFor({ state: "detached", timeout: 15_000 });

    await ana.page.getByRole("button", { name: "Check again" }).click();
    await ana.page.getByRole("heading", { name: "Chats" }).waitFor({ timeout: 15_000 });
    await ana.page.locator(".live.on").waitFor({ timeout: 15_000 });
    expect(ana.refused).toEqual([]);
    await ana.context.close();
    await ben.context.close();
  });
});
