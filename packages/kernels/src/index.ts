/**
 * @weft/kernels: dense float64 linear algebra in WebAssembly SIMD128, each
 * kernel with its plain-JavaScript reference.
 *
 * @since 0.2.0
 */
export * from "./Cholesky.js"
export * from "./Gemm.js"
export * from "./Gram.js"
export * from "./Reference.js"
export * from "./Vector.js"
export * from "./LinearModel.js"
export * from "./Region.js"
export * from "./ResidualSums.js"
