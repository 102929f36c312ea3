/**
 * `--data` loaded with a word on stderr first (internal/progress.ts
 * `announcing`): a file or a synthetic dataset can take seconds to load, on
 * one thread, before any progress bar could be drawn. Built-in datasets load
 * in milliseconds and are loaded silently.
 */
import { Datasets } from "@weft/ml-workflows"
import type { Option } from "effect"
import { statSync } from "node:fs"
import * as Data from "./dataset.js"
import { announcing } from "./progress.js"

/** What the line says: `loading big.csv (120 MB)`, `drawing synthetic:rows=...`, or undefined for a built-in dataset. */
export const loadingLabel = (spec: string): string | undefined => {
  if ((Datasets.datasetNames as ReadonlyArray<string>).includes(spec)) return undefined
  if (spec.startsWith("synthetic:")) return `drawing ${spec}`
  let size: number | undefined
  try {
    size = statSync(spec).size
  } catch {
    size = undefined // Data.load says why
  }
  return size === undefined ? `loading ${spec}` : `loading ${spec} (${size >= 2 ** 20 ? `${Math.round(size / 2 ** 20)} MB` : `${Math.ceil(size / 1024)} kB`})`
}

/** `Data.load`, announced on stderr (see above). */
export const load = (spec: string, target: Option.Option<string>, flags: Data.LoadFlags & { readonly quiet: boolean; readonly verbose: boolean }) => {
  const label = loadingLabel(spec)
  const loading = Data.load(spec, target, flags)
  return label === undefined ? loading : announcing(label, flags)(loading)
}
