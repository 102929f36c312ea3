// Bundles the `weft` command (dist/bin.js, as tsc built it) into dist/bundle/weft.js, one
// tree-shaken ESM file plus the chunks of its dynamic imports: Node then reads, resolves and
// compiles one file instead of a few hundred modules at every start (see docs/STARTUP.md).
// Then records the outputs of `weft --help` and `weft --version` in dist/fast.json, which
// bin/weft.js prints without loading the command line at all, and the lists `weft info` prints
// (models, datasets, metrics), with which dist/fastInfo.js answers `weft info` the same way.
//
// Kept outside the bundle, loaded only when a command needs them: @weft/cluster (and with it
// BullMQ and the Redis client) and @weft/bench, optional peers that a local install does without
// (src/internal/optional.ts), threads.js (its worker paths are relative to its caller) and
// the optional model packages.
//
// Workers get a bundle of their own, dist/bundle/worker.js: the pool's worker script, and the
// task modules of ml-workflows (kernels, loading) provided from the bundle's chunks on first use
// (methods.ts `provide`), under the URLs the main thread knows them by. The pool's transport is
// pointed at it. A worker then reads a few files instead of a hundred modules.
//
// A module of another workspace package that reads `import.meta.url` (a worker script, a data
// file next to it) would read the bundle's URL once bundled. It gets its own URL back, found at
// run time from the package's entry point (`import.meta.resolve`), so it works wherever npm put
// the package. The cli's own modules get theirs relative to the bundle.
import { build } from "esbuild"
import { execFileSync } from "node:child_process"
import { existsSync, readFileSync, realpathSync, rmSync, writeFileSync } from "node:fs"
import { dirname, join, relative, resolve, sep } from "node:path"
import { fileURLToPath } from "node:url"

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..")
const dist = join(root, "dist")
const outdir = join(dist, "bundle")

const EXTERNAL = ["@weft/cluster", "@weft/cluster/*", "@weft/bench", "@weft/bench/*", "bullmq", "ioredis", "threads", "threads/*", "ml-cart", "onnxruntime-node"]

/** The package.json above `file`, with its folder. */
const packageOf = (file) => {
  for (let dir = dirname(file); dir !== dirname(dir); dir = dirname(dir)) {
    const path = join(dir, "package.json")
    if (existsSync(path)) return { dir, pkg: JSON.parse(readFileSync(path, "utf8")) }
  }
  return undefined
}

const toPosix = (p) => p.split(sep).join("/")
const dotted = (p) => (p.startsWith(".") ? p : `./${p}`)

/** A file of a workspace package, found as a user of the cli finds it. */
const fileOf = (specifier) => realpathSync(fileURLToPath(import.meta.resolve(specifier)))
const poolWorker = join(dirname(fileOf("@weft/pool/worker")))
const BOOTSTRAP = join(poolWorker, "nativeBootstrap.js")
const TRANSPORT = join(dirname(poolWorker), "internal", "nativeTransport.js")
const BOOTSTRAP_URL = 'new URL("../worker/nativeBootstrap.js", import.meta.url)'
const TASK_MODULES = ["@weft/ml-workflows/worker/kernels", "@weft/ml-workflows/worker/loading"]

/** The worker bundle's entry: the task modules provided, then the pool's worker script. */
const workerEntry = [
  `import { provide } from ${JSON.stringify(join(poolWorker, "methods.js"))}`,
  `import ${JSON.stringify(BOOTSTRAP)}`,
  ...TASK_MODULES.map((m) => `provide(import.meta.resolve(${JSON.stringify(m)}), () => import(${JSON.stringify(fileOf(m))}))`)
].join("\n")

const workerScript = {
  name: "worker-script",
  setup(b) {
    b.onResolve({ filter: /^weft-worker-entry$/ }, () => ({ path: "weft-worker-entry", namespace: "weft" }))
    // The pool's package.json lists only the threads.js script as having side effects.
    b.onResolve({ filter: /nativeBootstrap\.js$/ }, (args) => (args.path === BOOTSTRAP ? { path: BOOTSTRAP, sideEffects: true } : undefined))
    b.onLoad({ filter: /.*/, namespace: "weft" }, () => ({ contents: workerEntry, loader: "js", resolveDir: root }))
  }
}

const importMetaUrl = {
  name: "import-meta-url",
  setup(b) {
    b.onLoad({ filter: /\.js$/ }, (args) => {
      let source = readFileSync(args.path, "utf8")
      if (args.path === TRANSPORT) {
        if (!source.includes(BOOTSTRAP_URL)) throw new Error(`${TRANSPORT} no longer names its worker script as ${BOOTSTRAP_URL}: update scripts/bundle.mjs`)
        // Relative to the bundle's own file (a placeholder, so the rewrite below leaves it alone).
        source = source.replace(BOOTSTRAP_URL, 'new URL("./worker.js", __WEFT_BUNDLE_URL__)')
      }
      if (!source.includes("import.meta.url")) {
        return args.path === TRANSPORT ? { contents: source.replaceAll("__WEFT_BUNDLE_URL__", "import.meta.url"), loader: "js" } : undefined
      }
      const owner = packageOf(args.path)
      if (owner === undefined) return undefined
      let replacement
      if (owner.dir === root) {
        replacement = `new URL(${JSON.stringify(dotted(toPosix(relative(outdir, args.path))))}, import.meta.url).href`
      } else if (typeof owner.pkg.name === "string" && owner.pkg.name.startsWith("@weft/")) {
        const main = join(owner.dir, owner.pkg.main ?? "dist/index.js")
        const rel = dotted(toPosix(relative(dirname(main), args.path)))
        replacement = `new URL(${JSON.stringify(rel)}, import.meta.resolve(${JSON.stringify(owner.pkg.name)})).href`
      } else {
        return undefined
      }
      return { contents: source.replaceAll("import.meta.url", `(${replacement})`).replaceAll("__WEFT_BUNDLE_URL__", "import.meta.url"), loader: "js" }
    })
  }
}

rmSync(outdir, { recursive: true, force: true })
await build({
  entryPoints: { weft: join(dist, "bin.js"), worker: "weft-worker-entry" },
  outdir,
  bundle: true,
  splitting: true,
  format: "esm",
  platform: "node",
  target: "node20",
  minify: true,
  legalComments: "none",
  chunkNames: "chunk-[hash]",
  external: EXTERNAL,
  // CommonJS dependencies bundled into ESM call `require` for Node built-ins.
  banner: { js: 'import { createRequire as __weftRequire } from "node:module"; const require = __weftRequire(import.meta.url);' },
  plugins: [workerScript, importMetaUrl],
  logLevel: "warning"
})

// The fast path's answers, captured from the bundle itself: plain (stdout not a terminal) and
// with the colour codes @effect/cli writes to a terminal.
const capture = (args, tty) =>
  execFileSync(process.execPath, [join(root, "scripts", "capture.mjs"), join(outdir, "weft.js"), tty ? "tty" : "plain", ...args], { encoding: "utf8" })
const fast = {}
for (const args of [["--help"], ["--version"]]) fast[args.join(" ")] = { plain: capture(args, false), tty: capture(args, true) }
// `weft info`'s lists, for dist/fastInfo.js (the rest it reads on the machine it runs on).
{
  const { WEFT_THREADS: _, ...env } = process.env
  const out = JSON.parse(execFileSync(process.execPath, [join(outdir, "weft.js"), "info", "--json"], { encoding: "utf8", env }))
  fast.info = { models: out.models, datasets: out.datasets, metrics: out.metrics }
}
writeFileSync(join(dist, "fast.json"), `${JSON.stringify(fast)}\n`)
