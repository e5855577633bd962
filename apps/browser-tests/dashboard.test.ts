// The chain's dashboard in a real browser: the analyst signs in through Keycloak's own login page
// (authorization code + PKCE), sees the charts of the window she picks, and a community member who
// signs in is told the dashboard is not for her.
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { accessibilityProblems, launch, phone, properties, sale, screenshot, tenants } from "./platform";

const p = properties();
const gateway = p["gateway.url"];
const acme = tenants(p)[0];

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
  // a sale of its own, so that the charts have it whatever ran before
  expect(await sale(gateway, acme, "store-dashboard")).toBe("strawberry");
});
afterAll(async () => browser?.close());

async function signIn(page: Page, username: string) {
  const link = new URL("/apps/dashboard/", gateway);
  link.search = new URLSearchParams({ issuer: acme.issuer }).toString();
  await page.goto(link.toString());
  await page.getByRole("button", { name: "Sign in" }).click();
  // Keycloak's login page, on the issuer's origin
  await page.waitForURL((url) => url.toString().startsWith(acme.issuer));
  await page.locator("#username").fill(username);
  await page.locator("#password").fill(p["member.password"]);
  await page.locator("#kc-login").click();
  await page.waitForURL((url) => url.toString().startsWith(new URL("/apps/dashboard/", gateway).toString()));
}

describe("the dashboard", () => {
  it("signs the analyst in at the issuer and charts how recommendations sell", async () => {
    const { context, page, refused } = await phone(browser);
    const authorize: string[] = [];
    page.on("request", (r) => r.url().includes("/protocol/openid-connect/auth") && authorize.push(r.url()));
    await signIn(page, "carla");

    await page.getByText("Recommendations that sold").waitFor({ timeout: 30_000 });
    const query = new URL(authorize[0]).searchParams;
    expect(query.get("code_challenge_method")).toBe("S256");
    expect(query.get("client_id")).toBe("dashboard");
    expect(page.url()).not.toContain("code="); // the code is gone from the address bar

    const captions = await page.locator("figcaption").allTextContents();
    expect(captions).toEqual([
      "Conversion by rank",
      "Conversion by flavour",
      "Conversion by store",
      "Conversion by day",
      "Conversion by model version",
    ]);
    // the sale made before: strawberry recommended and bought at store-dashboard
    expect(await page.locator("canvas").count()).toBeGreaterThanOrEqual(4);
    const flavours = page.locator("figure", { hasText: "Conversion by flavour" });
    await flavours.getByText("Figures of").click();
    expect(await flavours.locator("tbody th").allTextContents()).toContain("Strawberry");
    const stores = page.locator("figure", { hasText: "Conversion by store" });
    await stores.getByText("Figures of").click();
    expect(await stores.locator("tbody th").allTextContents()).toContain("store-dashboard");
    expect(await accessibilityProblems(page)).toEqual([]);
    await page.locator("details").evaluateAll((all) => all.forEach((d) => d.removeAttribute("open")));
    await page.evaluate(() => globalThis.scrollTo(0, 0));
    await screenshot(page, "dashboard");

    // another window is another query
    const answered = page.waitForResponse((r) => r.url().includes("/v1/analytics/effectiveness"));
    await page.getByLabel("Last 7 days").check();
    const window = new URL((await answered).url()).searchParams;
    const days = (Date.parse(window.get("to")!) - Date.parse(window.get("from")!)) / 86_400_000;
    expect(days).toBe(7);
    await page.getByText("Recommendations that sold").waitFor();
    expect(refused).toEqual([]);
    await context.close();
  });

  it("tells a community member that the dashboard is the analysts'", async () => {
    const { context, page } = await phone(browser);
    await signIn(page, "ana");
    await page.getByRole("alert").waitFor({ timeout: 30_000 });
    expect(await page.getByRole("alert").textContent()).toContain("sundae-analyst");
    await context.close();
  });
});
