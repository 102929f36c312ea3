// Tasks for the cluster tests. Plain JS: nodes import it as it is.
import { appendFileSync } from "node:fs"

export const square = (x) => x * x

/** Sums a row range of a shared matrix: a task reading shared data. */
export const rowSum = ([start, end], X) => {
  let s = 0
  for (let i = start; i < end; i++) for (let j = 0; j < X.columns; j++) s += X.data[i * X.columns + j]
  return s
}

/** Fails on `bad`; notes every call in `log` (a file), to count how often it ran. */
export const failOn = (x, bad, log) => {
  appendFileSync(log, `${x}\n`)
  if (x === bad) throw new Error(`item ${x} is bad`)
  return x + 1
}

/** Takes `ms` (sleeping, so that two nodes on two cores both progress), notes the call in `log`. */
export const slow = async (x, ms, log) => {
  await new Promise((r) => setTimeout(r, ms))
  if (log !== undefined) appendFileSync(log, `${x} ${process.pid}\n`)
  return x * 3
}

export const pid = () => process.pid

/** Kills the whole process it runs in (a node), as a power cut would. */
export const killMyNode = () => {
  process.kill(process.pid, "SIGKILL")
  return 0
}
