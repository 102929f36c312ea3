/**
 * Parquet files into a dataset, with hyparquet (pure JavaScript; snappy
 * built in, gzip, zstd, brotli and lz4 through hyparquet-compressors). Both
 * are imported when a Parquet file is first read, so that a CSV run never
 * loads them.
 *
 * Memory: the footer gives the row count, so the shared matrix is allocated
 * once; then each column chunk (one column of one row group) is read, decoded
 * and copied into its column of the matrix before the next one is read. The
 * peak beyond the matrix is one decoded column chunk and its compressed bytes,
 * whatever the file's size (bench/formatsMemory.ts measures it).
 *
 * hyparquet's own `asyncBufferFromFile` opens a read stream per slice; this
 * reads each slice with one positioned read on one file handle instead.
 */
import { InvalidOption } from "@weft/core/Errors"
import { open, type FileHandle } from "node:fs/promises"
import type { AsyncBuffer } from "hyparquet"
import type { BytesDataset } from "./csvPlan.js"
import { TableSink } from "./tableSink.js"

const fileBuffer = (handle: FileHandle, size: number): AsyncBuffer => ({
  byteLength: size,
  slice: async (start, end = size) => {
    const length = Math.max(0, Math.min(end, size) - start)
    const bytes = new Uint8Array(length)
    let done = 0
    while (done < length) {
      const { bytesRead } = await handle.read(bytes, done, length - done, start + done)
      if (bytesRead === 0) break
      done += bytesRead
    }
    return bytes.buffer
  }
})

/** Reads the Parquet file at `path` (called `source` in messages); throws the errors of `TableSink`, and `InvalidOption` for a file that is not Parquet or is cut short. */
export const readParquetFile = async (path: string, source: string, target: string | undefined): Promise<BytesDataset> => {
  const [{ parquetMetadataAsync, parquetRead, parquetSchema }, { compressors }] = await Promise.all([import("hyparquet"), import("hyparquet-compressors")])
  const handle = await open(path, "r")
  try {
    const size = (await handle.stat()).size
    const file = fileBuffer(handle, size)
    const metadata = await parquetMetadataAsync(file).catch((e: unknown) => {
      throw notParquet(path, e)
    })
    const columns = parquetSchema(metadata).children
    for (const column of columns) {
      if (column.children.length > 0) {
        throw new InvalidOption({
          option: `${source}, column ${JSON.stringify(column.element.name)}`,
          value: "nested",
          reason: "is a nested column (a list, map or struct); weft reads flat columns of numbers"
        })
      }
    }
    const names = columns.map((c) => c.element.name)
    const sink = new TableSink(source, names, target, Number(metadata.num_rows))
    // hyparquet calls onChunk inside a promise callback whose throw nobody awaits: keep the first error, throw it after the read.
    let failure: { readonly error: unknown } | undefined
    let groupStart = 0
    for (let g = 0; g < metadata.row_groups.length; g++) {
      const groupRows = Number(metadata.row_groups[g].num_rows)
      for (let col = 0; col < names.length; col++) {
        await parquetRead({
          file,
          metadata,
          compressors,
          columns: [names[col]],
          rowStart: groupStart,
          rowEnd: groupStart + groupRows,
          onChunk: (chunk) => {
            if (failure !== undefined) return
            try {
              sink.column(col, chunk.rowStart, chunk.columnData)
            } catch (error) {
              failure = { error }
            }
          }
        }).catch((e: unknown) => {
          // The footer was read: a failure now is a column hyparquet cannot decode, or data cut short.
          throw new InvalidOption({
            option: "path",
            value: path,
            reason: `cannot be read (column ${JSON.stringify(names[col])} of row group ${g + 1}: ${e instanceof Error ? e.message : String(e)})`
          })
        })
        if (failure !== undefined) throw failure.error
      }
      groupStart += groupRows
    }
    return sink.finish()
  } finally {
    await handle.close()
  }
}

const notParquet = (path: string, e: unknown): InvalidOption =>
  new InvalidOption({ option: "path", value: path, reason: `cannot be read (not a complete Parquet file: ${e instanceof Error ? e.message : String(e)})` })
