/**
 * What a register is provisioned with. It lives in this browser's storage: the register is a
 * device of the store, and its client secret is its credential (rotate it at the issuer when a
 * device is lost). The setup link may carry everything but the secret in its query string.
 */
export interface Settings {
  issuer: string;
  clientId: string;
  clientSecret: string;
  store: string;
}

const KEY = "sundae.register";
export const STORE_PATTERN = /^[A-Za-z0-9._:-]{1,64}$/;

export function load(): Settings | undefined {
  try {
    const value = JSON.parse(localStorage.getItem(KEY) ?? "null");
    return value?.issuer && value?.clientSecret ? value : undefined;
  } catch {
    return undefined;
  }
}

export function save(settings: Settings): void {
  localStorage.setItem(KEY, JSON.stringify(settings));
}

export function forget(): void {
  localStorage.removeItem(KEY);
}

/** The setup link's values (?issuer=&client=&store=). */
export function fromLink(search: string): Partial<Settings> {
  const query = new URLSearchParams(search);
  return {
    issuer: query.get("issuer") ?? undefined,
    clientId: query.get("client") ?? undefined,
    store: query.get("store") ?? undefined,
  };
}

/** What is wrong with the settings, or undefined. */
export function invalid(settings: Settings): string | undefined {
  try {
    const url = new URL(settings.issuer);
    if (url.protocol !== "https:") return "The issuer must be an https:// URL";
  } catch {
    return "The issuer is not a URL";
  }
  if (!settings.clientId.trim()) return "The client id is missing";
  if (!settings.clientSecret) return "The client secret is missing";
  if (!STORE_PATTERN.test(settings.store)) {
    return "The store is 1 to 64 letters, digits, '.', '_', ':' or '-'";
  }
  return undefined;
}
