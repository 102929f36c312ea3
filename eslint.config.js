// Lint rules for every package: typescript-eslint's recommended set, plus the
// few rules that catch the mistakes a worker pool is prone to (floating promises
// are not checked here because they need type information; see typecheck).
import js from "@eslint/js"
import tseslint from "typescript-eslint"

/** Code that runs inside a worker, and the modules it loads (see the worker boundary below). */
const workerSide = [
  "packages/pool/src/worker/**",
  "packages/core/src/Errors.ts",
  "packages/core/src/Check.ts",
  "packages/core/src/Rng.ts",
  "packages/core/src/SharedMatrix.ts",
  "packages/core/src/Wire.ts",
  "packages/kernels/src/**",
  "packages/ml-workflows/src/worker/**",
  "packages/ml-workflows/src/models/**",
  // Every internal module but the few that build the Effect operations (listed in `mainSide`).
  "packages/ml-workflows/src/internal/**",
  "packages/ml-workflows/src/Aggregate.ts",
  "packages/ml-workflows/src/Metrics.ts",
  "packages/ml-workflows/src/Preprocessing.ts",
  "packages/ml-workflows/src/Transformers.ts",
  "packages/ml-workflows/src/transformers/**",
  "packages/ml-workflows/src/Split.ts",
  "packages/ml-workflows/src/Stats.ts"
]

/** The internal modules of ml-workflows that run on the main thread only, and may load effect. */
const mainSide = ["builtins", "folds", "foldStatistics", "loadingModule", "modelSchema", "validate"].map((m) => `packages/ml-workflows/src/internal/${m}.ts`)

const workerMessage = "worker-side code must not load effect, @effect/* or @weft/pool (a type-only import is fine): see the worker boundary in eslint.config.js."

export default tseslint.config(
  { ignores: ["**/dist/**", "**/node_modules/**", "**/.nx/**", "**/*.d.ts"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/no-explicit-any": "off",
      "no-console": ["error", { allow: ["warn", "error"] }],
      "prefer-const": "error",
      "eqeqeq": ["error", "smart"]
    }
  },
  {
    // The worker boundary. Code that runs inside a worker (and every module it
    // loads, followed through its value imports) must not load `effect`,
    // `@weft/pool` or the `@weft/core` index: one value import would pull all
    // of Effect into every worker's start-up. Type-only imports are erased and
    // allowed. `@weft/core`'s effect-free entry points are `Errors`, `Check`,
    // `Rng`, `SharedMatrix` and `Wire`; `@weft/pool/worker` is the pool's.
    // packages/core/test/lintBoundary.test.ts checks that this list covers the workers' whole import graph.
    files: workerSide,
    ignores: mainSide,
    rules: {
      "no-restricted-imports": "off",
      // no-restricted-imports does not look at import(): a literal one is checked here.
      "no-restricted-syntax": [
        "error",
        {
          selector: "ImportExpression[source.value=/^(effect(\\u002F.*)?|@effect\\u002F.*|@weft\\u002Fpool(\\u002F(?!worker$).*)?|@weft\\u002Fcore)$/]",
          message: workerMessage
        }
      ],
      "@typescript-eslint/no-restricted-imports": [
        "error",
        {
          paths: [
            { name: "effect", message: workerMessage, allowTypeImports: true },
            { name: "@weft/core", message: "worker-side code imports @weft/core's effect-free entry points (@weft/core/Errors, /Check, /Rng, /SharedMatrix, /Wire), not its index, which loads effect.", allowTypeImports: true },
            { name: "@weft/pool", message: workerMessage, allowTypeImports: true }
          ],
          patterns: [
            { group: ["effect/*", "@effect/*", "@weft/pool/*", "!@weft/pool/worker"], message: workerMessage, allowTypeImports: true },
            { group: ["@weft/core/*", "!@weft/core/Errors", "!@weft/core/Check", "!@weft/core/Rng", "!@weft/core/SharedMatrix", "!@weft/core/Wire"], message: "of @weft/core, worker-side code may import only Errors, Check, Rng, SharedMatrix and Wire (the others load effect or ml-matrix).", allowTypeImports: true }
          ]
        }
      ]
    }
  },
  {
    // Plain-JavaScript task modules and scripts run on Node.
    files: ["**/*.js", "**/*.mjs"],
    languageOptions: {
      globals: Object.fromEntries(
        ["process", "console", "setTimeout", "clearTimeout", "setInterval", "clearInterval", "performance", "URL", "SharedArrayBuffer", "Atomics", "Buffer", "AbortController", "AbortSignal", "DOMException", "MessageChannel", "structuredClone", "queueMicrotask", "TextEncoder", "TextDecoder", "WebAssembly"].map((g) => [g, "readonly"])
      )
    }
  },
  {
    files: ["**/test/**", "**/bench/**", "**/examples/**", "tools/**", "packages/cli/src/**", "packages/bench/src/**"],
    rules: { "no-console": "off" }
  }
)
