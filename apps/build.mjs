// Builds the apps into OUT/<app>/ (the Maven module passes target/classes/sundae-apps):
// npm ci when node_modules does not hold package-lock.json's exact tree, a type check, one Vite
// build per app (each app its own origin path, /apps/<app>/, and its own files: no chunk is
// shared, so each service serves only its apps), a gzip and a brotli copy of every text file
// (the services send them to browsers that take them), and the size budget of each app's first
// load: the JavaScript a first visit downloads, compressed. Prints the sizes; fails over budget.
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";

const here = resolve(import.meta.dirname);
const out = resolve(process.argv[2] ?? join(here, "target/classes/sundae-apps"));
export const APPS = ["register", "dashboard", "community"];
// the first load's JavaScript, gzip-compressed, at most (issue 16: the register under 150 KB)
const BUDGET_BYTES = { register: 150_000, dashboard: 150_000, community: 150_000 };

function run(command, args) {
  execFileSync(command, args, { cwd: here, stdio: "inherit" });
}

function installed() {
  const lock = join(here, "package-lock.json");
  const tree = join(here, "node_modules/.package-lock.json");
  if (!existsSync(tree)) return false;
  // npm ci writes node_modules/.package-lock.json from the lock file: same packages, same versions
  const wanted = JSON.parse(readFileSync(lock, "utf8")).packages;
  const have = JSON.parse(readFileSync(tree, "utf8")).packages;
  // (optional packages of other platforms, such as native bindings, are in the lock file only)
  return Object.entries(wanted).every(
    ([path, p]) => path === "" || p.optional || have[path]?.version === p.version,
  );
}

if (!installed()) {
  console.log("[apps] npm ci (node_modules is not package-lock.json's tree)");
  run("npm", ["ci", "--no-audit", "--no-fund", "--loglevel=error"]);
}
run("node", ["node_modules/typescript/bin/tsc", "--noEmit", "-p", "."]);
run("node", ["node_modules/typescript/bin/tsc", "--noEmit", "-p", "community/sw"]);

const { build } = await import("vite");
const report = [];
for (const app of APPS.filter((a) => existsSync(join(here, a, "index.html")))) {
  await build({
    configFile: false,
    root: join(here, app),
    base: `/apps/${app}/`,
    logLevel: "warn",
    publicDir: join(here, app, "public"),
    build: {
      outDir: join(out, app),
      emptyOutDir: true,
      assetsDir: "assets",
      target: "es2022",
      sourcemap: false,
      // no inline data: URLs for assets, which the pages' policy would have to allow
      assetsInlineLimit: 0,
      // Vite's preload helper is an inline script otherwise
      modulePreload: { polyfill: false },
    },
  });
  if (existsSync(join(here, app, "sw/sw.ts"))) {
    // the service worker: one file at the app's root, so that its scope is the app
    await build({
      configFile: false,
      logLevel: "warn",
      build: {
        outDir: join(out, app),
        emptyOutDir: false,
        target: "es2022",
        lib: { entry: join(here, app, "sw/sw.ts"), formats: ["es"], fileName: () => "sw.js" },
      },
    });
  }
  let firstLoad = 0;
  for (const file of walk(join(out, app))) {
    if (!/\.(js|css|html|svg|json|webmanifest|txt)$/.test(file)) continue;
    const body = readFileSync(file);
    const gz = gzipSync(body, { level: 9 });
    writeFileSync(file + ".gz", gz);
    writeFileSync(
      file + ".br",
      brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }),
    );
    if (file.endsWith(".js") && !file.endsWith("sw.js") && !/\/assets\/lazy-/.test(file)) {
      firstLoad += gz.length;
    }
  }
  report.push({ app, firstLoad });
}
for (const { app, firstLoad } of report) {
  const budget = BUDGET_BYTES[app];
  console.log(
    `[apps] ${app}: first-load JavaScript ${(firstLoad / 1000).toFixed(1)} KB gzip (budget ${budget / 1000} KB)`,
  );
  if (firstLoad > budget) {
    console.error(`[apps] ${app} is over its budget`);
    process.exit(1);
  }
}

function* walk(dir) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* walk(path);
    else yield path;
  }
}
