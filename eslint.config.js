// Lint rules for every package: typescript-eslint's recommended set, plus the
// few rules that catch the mistakes a worker pool is prone to (floating promises
// are not checked here because they need type information; see typecheck).
import js from "@eslint/js"
import tseslint from "typescript-eslint"

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
