import { describe, expect, it } from "vitest";
import { SAME_URL_ATTEMPTS, sendFrame, type SignedUpload, type Transport } from "./upload";

/** A transport whose PUT answers come from a script: a status, or "drop" for no answer. */
function scripted(answers: (number | "drop")[], urlLifetimeMs = 60_000) {
  let clock = 0;
  const signed: string[] = [];
  const puts: string[] = [];
  const transport: Transport = {
    sign: async () => {
      const id = `r${signed.length + 1}`;
      signed.push(id);
      return {
        requestId: id,
        upload: { method: "PUT", url: `https://store/${id}`, headers: { "if-none-match": "*" } },
        expiresAt: new Date(clock + urlLifetimeMs).toISOString(),
      } satisfies SignedUpload;
    },
    put: async (upload) => {
      puts.push(upload.requestId);
      const answer = answers.shift() ?? "drop";
      if (answer === "drop") throw new Error("network");
      return answer;
    },
    sleep: async (ms) => {
      clock += ms;
    },
    now: () => clock,
  };
  return { transport, signed, puts };
}

const frame = new Blob([new Uint8Array(100)], { type: "image/jpeg" });
const target = { store: "s1", session: "v1" };

describe("sendFrame", () => {
  it("uploads once when the store answers", async () => {
    const { transport, signed, puts } = scripted([200]);
    expect(await sendFrame(transport, frame, target, () => {})).toEqual({ requestId: "r1", attempts: 1 });
    expect(signed).toEqual(["r1"]);
    expect(puts).toEqual(["r1"]);
  });

  it("tries the same URL again after a lost answer, and a 412 means the first one landed", async () => {
    const { transport, signed, puts } = scripted(["drop", 412]);
    expect((await sendFrame(transport, frame, target, () => {})).requestId).toBe("r1");
    expect(signed).toEqual(["r1"]);
    expect(puts).toEqual(["r1", "r1"]);
  });

  it("takes a new URL once when the store refuses the first, and no more", async () => {
    const refused = scripted([403, 200]);
    expect((await sendFrame(refused.transport, frame, target, () => {})).requestId).toBe("r2");
    expect(refused.signed).toEqual(["r1", "r2"]);

    const down = scripted([]);
    await expect(sendFrame(down.transport, frame, target, () => {})).rejects.toThrow(/could not be uploaded/);
    expect(down.signed).toEqual(["r1", "r2"]);
    expect(down.puts).toHaveLength(2 * SAME_URL_ATTEMPTS);
  });

  it("does not try a URL that is about to expire", async () => {
    const { transport, puts } = scripted(["drop", 200], 1200);
    expect((await sendFrame(transport, frame, target, () => {})).requestId).toBe("r2");
    expect(puts).toEqual(["r1", "r2"]);
  });
});
