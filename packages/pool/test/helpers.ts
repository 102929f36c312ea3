import { readdirSync } from "node:fs"
import { TaskModule } from "@weft/pool"

export const Tasks = TaskModule.make<typeof import("./fixtures/tasks.js")>(new URL("./fixtures/tasks.js", import.meta.url))

/** OS threads of this process, counted independently of the pool (Linux). */
export const osThreads = (): number => readdirSync("/proc/self/task").length

export const range = (n: number): Array<number> => Array.from({ length: n }, (_, i) => i)
