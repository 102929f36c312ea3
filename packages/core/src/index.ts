/**
 * @weft/core: what every weft package shares, with no worker in sight.
 *
 * @since 0.1.0
 */
export * as Check from "./Check.js"
export * from "./Errors.js"
export * as Interop from "./Interop.js"
export * as Options from "./Options.js"
export * as ParallelConfig from "./ParallelConfig.js"
export * as Rng from "./Rng.js"
export { SharedMatrix } from "./SharedMatrix.js"
export * as Validate from "./Validate.js"
export * as Wire from "./Wire.js"
