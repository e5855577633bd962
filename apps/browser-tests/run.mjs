// npm run test:browser: the browser tests against the platform of SUNDAE_E2E_STATE (default: the
// developer's local run, ../.run), with Node trusting the platform's CA for its own API calls.
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";

const here = import.meta.dirname;
const state = resolve(process.env.SUNDAE_E2E_STATE ?? join(here, "../../.run"));
const file = join(state, "e2e.properties");
if (!existsSync(file)) {
  console.error(`${file} is missing: start the platform (hack/run-local.sh) or set SUNDAE_E2E_STATE`);
  process.exit(2);
}
const ca = /^tls\.ca=(.*)$/m.exec(readFileSync(file, "utf8"))?.[1];
const result = spawnSync(
  process.execPath,
  [join(here, "../node_modules/vitest/vitest.mjs"), "run", "--config", join(here, "vitest.config.ts"), ...process.argv.slice(2)],
  {
    cwd: join(here, ".."),
    stdio: "inherit",
    env: { ...process.env, SUNDAE_E2E_STATE: state, ...(ca ? { NODE_EXTRA_CA_CERTS: ca } : {}) },
  },
);
process.exit(result.status ?? 1);
