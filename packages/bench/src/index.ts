/**
 * @weft/bench: an honest scalability benchmark for weft — thread scaling with
 * a fresh pool per count, results checked equal to a plain sequential loop,
 * Amdahl and Karp–Flatt analysis, and JSON, text, SVG and HTML reports.
 *
 * @since 0.1.0
 */
export * from "./Errors.js"
export * as Amdahl from "./Amdahl.js"
export * as BatchScaling from "./BatchScaling.js"
export * as Ceiling from "./Ceiling.js"
export * as Compare from "./Compare.js"
export * as Html from "./Html.js"
export * as Machine from "./Machine.js"
export * as Piscina from "./Piscina.js"
export * as Ratio from "./Ratio.js"
export * as Report from "./Report.js"
export * as Scalability from "./Scalability.js"
export * as Stats from "./Stats.js"
export * as Svg from "./Svg.js"
export * as Workloads from "./Workloads.js"
export type { Scaling, Workload, WorkloadName } from "./Workload.js"
// The entry points a front-end (the `weft bench` command) calls.
export { runScalability, type Progress, type ScalabilityOptions, type ScalabilityReport } from "./Scalability.js"
export { readReport, renderTable, writeReports, type WrittenReports } from "./Report.js"
export { compareReports, renderComparison, type Comparison } from "./Compare.js"
export { workloadNames, workloads } from "./Workloads.js"
