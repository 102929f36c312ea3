/**
 * The flags the commands share, in one place, each with its own check so that
 * a bad value fails at parse time (exit 2) with a message naming the flag.
 */
import * as HelpDoc from "@effect/cli/HelpDoc"
import * as Options from "@effect/cli/Options"
import * as ValidationError from "@effect/cli/ValidationError"
import { Options as WeftOptions } from "@weft/core"
import { Effect, Option } from "effect"
import * as Models from "./models.js"
import { redact } from "./redact.js"
import { SCALES } from "./scaling.js"

const invalid = (text: string) => ValidationError.invalidValue(HelpDoc.p(text))

/** Parses a decimal integer of at least `min`, or fails naming the flag. */
export const parseInteger = (
  flag: string,
  text: string,
  min: number,
  max = Number.MAX_SAFE_INTEGER
): Effect.Effect<number, ValidationError.ValidationError> => {
  // Digits only (no 1e3, 0x10, 2.0) and a safe integer, then core's one option checker; its reason under the flag's name.
  const parsed = /^\s*[+-]?\d+\s*$/.test(text) ? Number(text.trim()) : Number.NaN
  const value = Number.isSafeInteger(parsed) ? parsed : Number.NaN
  return WeftOptions.integer(flag, value, { min, max: max === Number.MAX_SAFE_INTEGER ? undefined : max }).pipe(
    Effect.mapError((e) => invalid(`invalid --${flag} '${text}': ${e.reason}`))
  )
}

/** An integer flag of at least `min`. */
export const integer = (name: string, min: number, pseudoName = "N", max = Number.MAX_SAFE_INTEGER) =>
  Options.text(name).pipe(
    Options.withPseudoName(pseudoName),
    Options.mapEffect((text) => parseInteger(name, text, min, max))
  )

/** A finite number flag. */
export const number = (name: string, pseudoName = "X") =>
  Options.text(name).pipe(
    Options.withPseudoName(pseudoName),
    Options.mapEffect((text) => {
      const value = Number(text.trim())
      return text.trim() !== "" && Number.isFinite(value) ? Effect.succeed(value) : Effect.fail(invalid(`invalid --${name} '${text}': must be a number`))
    })
  )

/** `--json`: one JSON document on stdout and nothing else there. */
export const json = Options.boolean("json").pipe(
  Options.withDescription("Print the result as one JSON document on stdout (notes, progress and errors go to stderr).")
)

/** `--quiet`: no progress bar. */
export const quiet = Options.boolean("quiet").pipe(
  Options.withAlias("q"),
  Options.withDescription("No progress bar (it is also off when stderr is not a terminal).")
)

/** `--verbose`: stack traces with errors, and notes on the pool. */
export const verbose = Options.boolean("verbose").pipe(
  Options.withAlias("v"),
  Options.withDescription("Print stack traces with errors, and notes on the worker pool, on stderr.")
)

/** `--threads N|auto`: worker threads; default WEFT_THREADS, else every core. */
export const threads = Options.text("threads").pipe(
  Options.withPseudoName("N|auto"),
  Options.mapEffect((text): Effect.Effect<number | "auto", ValidationError.ValidationError> =>
    text.trim() === "auto" ? Effect.succeed("auto") : parseInteger("threads", text, 1)
  ),
  Options.optional,
  Options.withDescription("Worker threads: a positive integer or auto (default: WEFT_THREADS, else every core).")
)

/** `--oversubscribe`: allow more than 4 threads per core. */
export const oversubscribe = Options.boolean("oversubscribe").pipe(
  Options.withDescription("Allow --threads (or WEFT_THREADS) above 4 per core; without it such a count is refused (exit 2).")
)

/** `--data FILE|NAME|synthetic:...`: the dataset. */
export const data = Options.text("data").pipe(
  Options.withPseudoName("FILE|NAME"),
  Options.withDescription(
    "A data file with a header (CSV, TSV, Parquet, Arrow, JSON lines: by extension), or a built-in dataset: iris, breast-cancer, diabetes, " +
      "or synthetic:rows=N,features=M,seed=S[,noise=X] (a random linear regression problem)."
  )
)

/** `--target COLUMN`: the target column of a CSV file. */
export const target = Options.text("target").pipe(
  Options.withPseudoName("COLUMN"),
  Options.optional,
  Options.withDescription("The target column of the CSV file (default: the last column). A column of strings is a class label.")
)

/** `--model NAME`: a built-in model. */
export const model = Options.text("model").pipe(
  Options.withPseudoName("NAME"),
  Options.mapEffect((name) =>
    Models.names.includes(name)
      ? Effect.succeed(name)
      : Effect.fail(invalid(`unknown --model '${name}'; the models are ${Models.names.join(", ")}`))
  ),
  Options.withDescription(
    `The model: ${Models.names.join(", ")}. mlp and cart (a decision tree of ml-cart) are classifiers for a class target, else regressors.`
  )
)

/** `--param NAME=VALUE`, repeatable: model parameters. */
export const params = Options.text("param").pipe(
  Options.withPseudoName("NAME=VALUE"),
  Options.repeated,
  Options.withDescription("A model parameter, e.g. alpha=1, C=0.5, hiddenLayers=64,32, activation=tanh (repeatable).")
)

/** `--folds K`: k-fold's k; optional, so that `--cv` can refuse it (default 5). */
export const folds = integer("folds", 2, "K").pipe(
  Options.optional,
  Options.withDescription("Number of cross-validation folds, at least 2 (default 5).")
)

/** `--cv SPLITTER[:KEY=VALUE,...]`: any splitter of the library (internal/splitters.ts). */
export const cv = Options.text("cv").pipe(
  Options.withPseudoName("SPLITTER[:K=V,...]"),
  Options.optional,
  Options.withDescription(
    "The splits, instead of --folds/--stratified/--shuffle: kfold:k=5,shuffle, stratified:k=5,shuffle, " +
      "repeated-kfold:k=5,repeats=10,seed=0, repeated-stratified:k=5,repeats=10, shuffle-split:splits=10,test=0.2,train=0.5, " +
      "leave-one-out (loo), group:k=5, stratified-group:k=5,shuffle (both with --groups), timeseries:splits=5,test=N,gap=N,max-train=N. " +
      "Keys left out take the defaults shown; seed defaults to --seed."
  )
)

/** `--groups COLUMN`: the groups of a group splitter. */
export const groups = Options.text("groups").pipe(
  Options.withPseudoName("COLUMN"),
  Options.optional,
  Options.withDescription("For --cv group and stratified-group: a numeric column of the data holding each row's group (it is then not a feature).")
)

/** `--stratified`. */
export const stratified = Options.boolean("stratified").pipe(
  Options.withDescription("Stratified folds: each fold keeps the class proportions (classifiers only).")
)

/** `--scale standard|minmax`: a scaler fitted inside each fold (internal/scaling.ts). */
export const scale = Options.choice("scale", SCALES).pipe(
  Options.optional,
  Options.withDescription(
    "Scale the features inside each fold, fitted on its training rows only: standard (zero mean, unit variance) or minmax (to [0, 1]), " +
      "as scikit-learn's make_pipeline(StandardScaler(), model). Saved models keep the scaler."
  )
)

/** `--shuffle`. */
export const shuffle = Options.boolean("shuffle").pipe(Options.withDescription("Shuffle the rows before cutting the folds (with --seed)."))

/** `--seed N`. */
export const seed = integer("seed", 0, "N", 0xffffffff).pipe(
  Options.optional,
  Options.withDescription("Seed of the shuffle, of the model fits and of a random search (default 0).")
)

/** `--metric NAME`, repeatable. */
export const metrics = Options.text("metric").pipe(
  Options.withPseudoName("NAME"),
  Options.repeated,
  Options.withDescription(
    "A score to report: r2, mse, rmse, mae (regressors); accuracy, f1, f1-macro, f1-weighted, f1-micro, logloss (classifiers). " +
      "Repeatable; the first ranks a search. Default r2 or accuracy."
  )
)

/** The environment variable that may hold the Redis URL, so that its password is not on the command line (visible in `ps`). */
export const REDIS_ENV = "WEFT_REDIS_URL"

/** A Redis URL from `origin` (`--redis` or WEFT_REDIS_URL), or a message naming it. */
const redisUrl = (text: string, origin: string): Effect.Effect<string, ValidationError.ValidationError> =>
  /^rediss?:\/\/[^\s]+$/.test(text.trim())
    ? Effect.succeed(text.trim())
    : Effect.fail(invalid(`invalid ${origin} '${redact(text)}': must be redis://[:password@]host[:port][/db] or rediss://… (TLS)`))

/** The URL in WEFT_REDIS_URL, or `unset` when it is not set. */
const redisFromEnv = (unset: string): Effect.Effect<string, ValidationError.ValidationError> => {
  const value = process.env[REDIS_ENV]
  return value === undefined || value.trim() === "" ? Effect.fail(invalid(unset)) : redisUrl(value, REDIS_ENV)
}

/** `--redis URL`: run on a weft cluster (see `weft worker`). `--redis env` reads the URL from WEFT_REDIS_URL. */
export const redis = Options.text("redis").pipe(
  Options.withPseudoName("URL"),
  Options.mapEffect((text) => (text.trim() === "env" ? redisFromEnv(`invalid --redis env: it reads the URL from ${REDIS_ENV}, which is not set`) : redisUrl(text, "--redis")))
)

/**
 * `--redis URL` for the commands that only make sense on a cluster (`weft
 * worker`, `weft cluster status`): without the flag, the URL comes from
 * WEFT_REDIS_URL, which keeps its password out of `ps`.
 */
export const redisOrEnv = Options.text("redis").pipe(
  Options.withPseudoName("URL"),
  Options.optional,
  Options.mapEffect((text) =>
    Option.isSome(text)
      ? text.value.trim() === "env"
        ? redisFromEnv(`invalid --redis env: it reads the URL from ${REDIS_ENV}, which is not set`)
        : redisUrl(text.value, "--redis")
      : redisFromEnv(`missing --redis URL: give it, or set ${REDIS_ENV} (which keeps a password out of ps)`)
  )
)

/** `--redis URL`, optional: without it, the command runs on this machine's cores. */
export const redisOptional = redis.pipe(
  Options.optional,
  Options.withDescription(
    "Run the tasks on a weft cluster through this Redis (redis://[:password@]host[:port][/db], rediss:// for TLS); " +
      "--redis env reads the URL from WEFT_REDIS_URL, which keeps a password out of ps. " +
      "Start its nodes with `weft worker --redis URL`. Results are the same as on this machine."
  )
)

/** `--queue NAME`: the cluster's queue. */
export const queue = Options.text("queue").pipe(
  Options.withPseudoName("NAME"),
  Options.mapEffect((text) =>
    /^[A-Za-z0-9_-]{1,64}$/.test(text) ? Effect.succeed(text) : Effect.fail(invalid(`invalid --queue '${text}': must be 1-64 characters of A-Z a-z 0-9 _ -`))
  ),
  Options.withDefault("tasks"),
  Options.withDescription("The cluster's queue (default tasks): nodes and runs that share it work together.")
)

/** `--redis-ca FILE`: the CA certificate (PEM) that signed a rediss:// server's certificate. */
export const redisCa = Options.file("redis-ca", { exists: "yes" }).pipe(
  Options.withPseudoName("FILE"),
  Options.optional,
  Options.withDescription("For rediss:// URLs: the CA certificate (PEM) that signed the server's certificate, when it is not a public CA.")
)

/** The flags that send a command's tasks to a cluster: `--redis`, `--queue`, `--redis-ca`. */
export const cluster = { redis: redisOptional, queue, redisCa }
