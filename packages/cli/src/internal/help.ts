/**
 * The --help pages, written for people and fitted to 80 columns.
 *
 * @effect/cli renders help from the options' own descriptions, but it adds a
 * sentence of its own to each ("A user-defined piece of text.", "This setting
 * is optional."), writes every usage line on one line (300 columns for
 * `weft cv`), starts it with the subcommand's name instead of `weft`, and shows
 * a repeatable option (`Options.repeated`, zero or more) as if it were
 * required. So `weft ... --help` is answered here (Cli.ts intercepts it before
 * @effect/cli parses anything): the content still comes from @effect/cli's
 * description of each command (`Command.getHelp`, `Command.getUsage`), so a
 * flag and its help cannot drift apart; only the layout and the filler change.
 */
import * as CliConfig from "@effect/cli/CliConfig"
import * as Command from "@effect/cli/Command"
import * as HelpDoc from "@effect/cli/HelpDoc"
import type * as Span from "@effect/cli/HelpDoc/Span"
import type * as Usage from "@effect/cli/Usage"
import { Option } from "effect"

/** The width every help page fits in. */
export const WIDTH = 80

/** A description paragraph followed by an EXAMPLES section, one `$ weft ...` line each. */
export const describe = (summary: string, examples: ReadonlyArray<string>): HelpDoc.HelpDoc =>
  HelpDoc.blocks([HelpDoc.p(summary), HelpDoc.h1("EXAMPLES"), ...examples.map((e) => HelpDoc.p(`$ ${e}`))])

/**
 * The sentences @effect/cli adds to every option's help, which say nothing the
 * usage line does not (an exact sentence, or the start of one).
 */
export const FILLER: ReadonlyArray<string | RegExp> = [
  "A user-defined piece of text.",
  "A true or false value.",
  "An integer.",
  "A floating point number.",
  /^An existing (file|directory|file or directory)\.$/,
  /^A (file|directory|file or directory) that must not exist\.$/,
  /^A (file|directory|file or directory)( that may or may not exist)?\.$/,
  /^This setting is optional\./,
  "This option may be repeated zero or more times.",
  "This argument may be repeated zero or more times.",
  "This option can be set from environment variables.",
  /^One of the following: /
]

const isFiller = (text: string): boolean => FILLER.some((f) => (typeof f === "string" ? text === f : f.test(text)))

/** A node of the command tree: its name as typed after `weft`, the command, its subcommands. */
export interface Node {
  readonly name: string
  readonly command: Command.Command<any, any, any, any>
  readonly children: ReadonlyArray<Node>
}

type Block = { readonly tag: "h"; readonly text: string } | { readonly tag: "p"; readonly text: string } | { readonly tag: "dl"; readonly items: ReadonlyArray<readonly [string, ReadonlyArray<string>]> }

const spanText = (span: Span.Span): string => {
  switch (span._tag) {
    case "Sequence":
      return spanText(span.left) + spanText(span.right)
    case "Text":
    case "URI":
      return span.value
    default:
      return spanText(span.value)
  }
}

const blocksOf = (doc: HelpDoc.HelpDoc): Array<Block> => {
  switch (doc._tag) {
    case "Empty":
      return []
    case "Header":
      return [{ tag: "h", text: spanText(doc.value) }]
    case "Paragraph":
      return [{ tag: "p", text: spanText(doc.value) }]
    case "Sequence":
      return [...blocksOf(doc.left), ...blocksOf(doc.right)]
    case "Enumeration":
      return doc.elements.flatMap(blocksOf)
    case "DescriptionList":
      return [
        {
          tag: "dl",
          items: doc.definitions.map(([term, body]) => [spanText(term), blocksOf(body).flatMap((b) => (b.tag === "p" ? [b.text] : []))] as const)
        }
      ]
  }
}

/** The sections of a command's help: the paragraphs under each header, and the options. */
const sectionsOf = (command: Command.Command<string, any, any, any>) => {
  const sections = new Map<string, Array<string>>()
  const options: Array<readonly [string, ReadonlyArray<string>]> = []
  let current = ""
  for (const block of blocksOf(Command.getHelp(command, CliConfig.make({ showBuiltIns: false })))) {
    if (block.tag === "h") current = block.text
    else if (block.tag === "p") sections.set(current, [...(sections.get(current) ?? []), block.text])
    else if (current === "OPTIONS") options.push(...block.items)
  }
  return { description: sections.get("DESCRIPTION") ?? [], examples: sections.get("EXAMPLES") ?? [], options }
}

/** A usage as words: `--data FILE|NAME`, `[--folds K]`, `[--param NAME=VALUE]...`. */
const usageWords = (usage: Usage.Usage, optional = false): Array<string> => {
  switch (usage._tag) {
    case "Empty":
      return []
    case "Mixed":
      return ["[options]"]
    case "Named": {
      const name = usage.names.filter((n) => n.startsWith("--")).concat(usage.names.filter((n) => !n.startsWith("--")))[0] ?? ""
      // A choice's values read `csv | tsv | parquet`: one word, `csv|tsv|parquet`, as the other flags write theirs.
      const word = Option.match(usage.acceptedValues, { onNone: () => name, onSome: (v) => `${name} ${v.replace(/ \| /g, "|")}` })
      return [optional ? `[${word}]` : word]
    }
    case "Optional": {
      const inner = usageWords(usage.usage, false)
      return inner.length === 1 ? [`[${inner[0]}]`] : inner.length === 0 ? [] : [`[${inner.join(" ")}]`]
    }
    case "Repeated": {
      // Options.repeated takes zero or more: always optional.
      const inner = usageWords(usage.usage, false).map((w) => w.replace(/^\[(.*)\]$/, "$1"))
      return inner.length === 0 ? [] : [`[${inner.join(" ")}]...`]
    }
    case "Alternation":
      return [`(${[...usageWords(usage.left), "|", ...usageWords(usage.right)].join(" ")})`]
    case "Concat":
      return [...usageWords(usage.left, optional), ...usageWords(usage.right, optional)]
  }
}

/**
 * `words` joined into lines of at most `width` columns: the first line starts
 * with `first`, the others with `rest`. A word longer than a line gets a line
 * of its own (the only way a line can exceed the width; none of weft's do).
 */
export const wrap = (words: ReadonlyArray<string>, width: number, first: string, rest: string, continuation = ""): Array<string> => {
  const lines: Array<string> = []
  let line = first
  let empty = true
  for (const word of words) {
    if (!empty && line.length + 1 + word.length + continuation.length > width) {
      lines.push(line + continuation)
      line = rest + word
    } else {
      line = empty ? line + word : `${line} ${word}`
    }
    empty = false
  }
  lines.push(line)
  return lines
}

const paragraph = (text: string, indent: string): Array<string> => wrap(text.split(/\s+/).filter((w) => w !== ""), WIDTH, indent, indent)

/** The first sentence of a command's description, for the list of commands. */
const summaryOf = (command: Command.Command<string, any, any, any>): string => {
  const text = sectionsOf(command).description[0] ?? ""
  const end = text.search(/[.:](\s|$)/)
  return end < 0 ? text : text.slice(0, end)
}

/** Shell lines of an example, cut at spaces with ` \` continuations so that each still pastes into a shell. */
const example = (text: string): Array<string> => {
  const [command, comment] = text.replace(/^\$ /, "").split(/\s+# /)
  return [...(comment === undefined ? [] : [`  # ${comment}`]), ...wrap(command.split(/\s+/), WIDTH, "  $ ", "      ", " \\")]
}

/** The options section: each flag, then its description on indented lines. */
const optionLines = (options: ReadonlyArray<readonly [string, ReadonlyArray<string>]>): Array<string> =>
  options.flatMap(([term, body]) => {
    const text = body.filter((p) => !isFiller(p)).join(" ")
    return [`  ${term.replace(/^\((.*)\)$/, "$1").replace(/ \| /g, "|")}`, ...(text === "" ? [] : paragraph(text, "      "))]
  })

const commandList = (nodes: ReadonlyArray<Node>): Array<string> => {
  const width = Math.max(...nodes.map((n) => n.name.length))
  return nodes.flatMap((n) => wrap(summaryOf(n.command).split(" "), WIDTH, `  ${n.name.padEnd(width)}  `, " ".repeat(width + 4)))
}

/** The flags @effect/cli answers for every command, as the top-level help lists them. */
const BUILT_INS: ReadonlyArray<readonly [string, string]> = [
  ["-h, --help", "This page; `weft COMMAND --help` shows a command's flags and examples."],
  ["--version", "The version of weft."],
  [
    "--completions bash|zsh|fish",
    "Print a script that completes weft's commands and flags in that shell; " +
      "the README says where to put it (e.g. `source <(weft --completions bash)` in ~/.bashrc)."
  ]
]

/**
 * The help page of the command at `path` (`[]` for `weft` itself, `["cluster",
 * "status"]`), as plain text of at most 80 columns, ending with a newline.
 */
export const render = (root: Node, path: ReadonlyArray<string>, version: string): string => {
  let node = root
  for (const name of path) node = node.children.find((c) => c.name === name) ?? node
  const full = ["weft", ...path].join(" ")
  const { description, examples, options } = sectionsOf(node.command)
  const usage = usageWords(Command.getUsage(node.command)).slice(1)
  const lines: Array<string> = []
  lines.push(...(path.length === 0 ? [`weft ${version}`] : wrap(`${full}: ${summaryOf(node.command)}`.split(" "), WIDTH, "", "  ")), "")
  lines.push("USAGE")
  if (node.children.length > 0) lines.push(`  ${full} COMMAND [flags]`)
  if (usage.length > 0 || node.children.length === 0) lines.push(...wrap(usage, WIDTH, `  ${full} `, " ".repeat(full.length + 3)))
  lines.push("")
  if (description.length > 0) {
    lines.push("DESCRIPTION")
    for (const p of description) lines.push(...paragraph(p, "  "), "")
  }
  if (node.children.length > 0) lines.push("COMMANDS", ...commandList(node.children), "")
  if (options.length > 0) lines.push("OPTIONS", ...optionLines(options), "")
  if (path.length === 0) lines.push("FLAGS OF EVERY COMMAND", ...optionLines(BUILT_INS.map(([t, d]) => [t, [d]] as const)), "")
  if (examples.length > 0) lines.push("EXAMPLES", ...examples.flatMap(example), "")
  return `${lines.join("\n").replace(/\n+$/, "")}\n`
}

/**
 * The command path of a help request (`weft cv --data x --help` → `["cv"]`),
 * or undefined when `args` (the arguments after `weft`) do not ask for help.
 */
export const helpPath = (root: Node, args: ReadonlyArray<string>): ReadonlyArray<string> | undefined => {
  if (args.length === 0) return []
  if (!args.includes("--help") && !args.includes("-h")) return undefined
  const path: Array<string> = []
  let node = root
  for (const arg of args) {
    const child = node.children.find((c) => c.name === arg)
    if (child === undefined) break
    path.push(arg)
    node = child
  }
  return path
}
