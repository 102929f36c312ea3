/**
 * The packages a local install of the CLI does without: `@weft/cluster` (with
 * BullMQ and the Redis client: `--redis`, `weft worker`, `weft cluster`) and
 * `@weft/bench` (`weft bench`). They are optional peer dependencies of
 * `@weft/cli`, so `npm i @weft/cli` does not install them; the commands that
 * need one import it here, when they run, and without it say in one line
 * what to install (exit 1), instead of a stack trace of Node's resolver.
 *
 * The specifiers are literal in each `import()` so that the bundle
 * (scripts/bundle.mjs) keeps them external, resolved from the user's
 * node_modules at run time.
 */
import type * as Bench from "@weft/bench"
import type * as Cluster from "@weft/cluster"
import { Data, Effect } from "effect"

/** An optional package that a command needs and that is not installed (exit 1). */
export class NotInstalled extends Data.TaggedError("NotInstalled")<{ readonly message: string }> {}

/** Whether `error` says that `name` itself (not one of its own dependencies or files) cannot be found. */
export const isMissing = (error: unknown, name: string): boolean => {
  const e = error as { code?: unknown; message?: unknown }
  if (e?.code !== "ERR_MODULE_NOT_FOUND" && e?.code !== "MODULE_NOT_FOUND") return false
  return typeof e.message === "string" && (e.message.includes(`'${name}'`) || e.message.includes(`"${name}"`))
}

/** `load()` (an `import()` of `name`), or NotInstalled saying that `what` needs `name` when `name` is not installed. */
export const loading = <A>(name: string, what: string, load: () => Promise<A>): Effect.Effect<A, NotInstalled> =>
  Effect.tryPromise({ try: load, catch: (e) => e }).pipe(
    Effect.catchAll((e) =>
      isMissing(e, name)
        ? Effect.fail(new NotInstalled({ message: `${what} needs ${name}, which is not installed: npm i ${name}` }))
        : Effect.die(e)
    )
  )

/** `@weft/cluster`, for `what` (`--redis`, or `this command` for `weft worker` and `weft cluster status`). */
export const cluster = (what: string): Effect.Effect<typeof Cluster, NotInstalled> => loading("@weft/cluster", what, () => import("@weft/cluster"))

/** `@weft/bench`, for `weft bench`. */
export const bench: Effect.Effect<typeof Bench, NotInstalled> = loading("@weft/bench", "this command", () => import("@weft/bench"))
