// The same tasks as tasks.mjs, under another module name that no test node serves.
export * from "./tasks.mjs"
