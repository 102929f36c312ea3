/**
 * @weft/cli: the `weft` command line (the `weft` binary; see README.md).
 *
 * @since 0.1.0
 */
export * as Cli from "./Cli.js"
