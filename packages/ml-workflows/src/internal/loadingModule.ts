import { TaskModule } from "@weft/pool"

/** The task module of `Loading` (worker/loading.ts). */
export const LoadingTasks = TaskModule.make<typeof import("../worker/loading.js")>(new URL("../worker/loading.js", import.meta.url))
