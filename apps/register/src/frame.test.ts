import { describe, expect, it } from "vitest";
import { inkOn } from "../../shared/catalogue";
import { scaled } from "../../shared/frame";
import { invalid } from "./settings";

describe("the register's helpers", () => {
  it("scales a frame so its longest side is 320, never up", () => {
    expect(scaled(640, 480)).toEqual([320, 240]);
    expect(scaled(480, 1280)).toEqual([120, 320]);
    expect(scaled(200, 100)).toEqual([200, 100]);
  });

  it("writes black on light flavours and white on dark ones", () => {
    expect(inkOn("#f4a6c0")).toBe("#111111");
    expect(inkOn("#5d3a1a")).toBe("#ffffff");
    expect(inkOn(null)).toBe("#111111");
  });

  it("refuses settings a register cannot work with", () => {
    const good = { issuer: "https://id.example/realms/acme", clientId: "register", clientSecret: "s", store: "store-1" };
    expect(invalid(good)).toBeUndefined();
    expect(invalid({ ...good, issuer: "http://id.example" })).toMatch(/https/);
    expect(invalid({ ...good, store: "a store" })).toMatch(/store/);
    expect(invalid({ ...good, clientSecret: "" })).toMatch(/secret/);
  });
});
