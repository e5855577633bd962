import { call, type TokenSource } from "./api";

/** A flavour as GET /v1/catalogue gives it. */
export interface Look {
  name: string;
  displayName: string;
  colour: string | null;
}

export async function catalogue(tokens: TokenSource): Promise<Look[]> {
  return (await call<{ flavours: Look[] }>(tokens, "/v1/catalogue")).body.flavours;
}

/** Black or white, whichever reads better on {@code colour} (WCAG relative luminance). */
export function inkOn(colour: string | null): string {
  if (!colour) return "#111111";
  const [r, g, b] = [1, 3, 5].map((i) => {
    const c = parseInt(colour.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  const luminance = 0.2126 * r + 0.7152 * g + 0.0722 * b;
  // contrast with black (L+0.05)/0.05 against white 1.05/(L+0.05): black wins above ~0.179
  return luminance > 0.179 ? "#111111" : "#ffffff";
}
