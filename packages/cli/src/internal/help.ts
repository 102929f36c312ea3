/**
 * The description of a command in its --help: what it does, then examples.
 */
import * as HelpDoc from "@effect/cli/HelpDoc"

/** A description paragraph followed by an EXAMPLES section, one `$ weft ...` line each. */
export const describe = (summary: string, examples: ReadonlyArray<string>): HelpDoc.HelpDoc =>
  HelpDoc.blocks([HelpDoc.p(summary), HelpDoc.h1("EXAMPLES"), ...examples.map((e) => HelpDoc.p(`$ ${e}`))])
