/**
 * Arrow IPC files into a dataset, with apache-arrow: the file format
 * (`.arrow`, Feather v2 `.feather`) and the stream format (`.arrows`), told
 * apart by the library from the first bytes. apache-arrow is imported when an
 * Arrow file is first read, so that a CSV run never loads it.
 *
 * Memory: two passes over the record batches, one file handle each: the first
 * counts the rows (the stream format has no footer that says so), so that the
 * shared matrix is allocated once; the second copies each batch's columns into
 * it. The peak beyond the matrix is one record batch.
 *
 * Compression: apache-arrow decodes compressed record batches only with a
 * codec registered for the file's compression; none ships with it. The first
 * read registers, where none is registered yet, LZ4 frames (lz4Frame.ts; the
 * compression of pyarrow's `write_feather` by default) and zstd (fzstd,
 * through hyparquet-compressors, which the Parquet reader loads anyway).
 *
 * Types: integer and floating-point columns are numbers; for the target,
 * strings (plain or dictionary-encoded) and booleans are class labels. Other
 * types (dates, decimals, lists, ...) are an `InvalidOption` naming the column
 * and its type, before any row is read.
 */
import { InvalidOption } from "@weft/core/Errors"
import { open, type FileHandle } from "node:fs/promises"
import type { AsyncRecordBatchFileReader, AsyncRecordBatchStreamReader, DataType, Field, RecordBatch, Vector } from "apache-arrow"
import type { BytesDataset } from "./csvPlan.js"
import { decodeLz4Frame } from "./lz4Frame.js"
import { TableSink } from "./tableSink.js"

type Arrow = typeof import("apache-arrow")
type Reader = AsyncRecordBatchFileReader | AsyncRecordBatchStreamReader

/** Runs `f` over the batches of the file at `path`, closing the file whatever happens. */
const withBatches = async <A>(
  arrow: Arrow,
  path: string,
  f: (reader: Reader, batches: AsyncIterable<RecordBatch>) => Promise<A>
): Promise<A> => {
  const handle: FileHandle = await open(path, "r")
  try {
    const reader = (await arrow.RecordBatchReader.from(handle)) as Reader
    await reader.open()
    return await f(reader, reader)
  } catch (e) {
    throw e instanceof InvalidOption ? e : notArrow(path, e)
  } finally {
    await handle.close().catch(() => undefined)
  }
}

/** How a column of this type is read: its values as numbers, as labels (target only), or not at all. */
const kindOf = (arrow: Arrow, type: DataType): "numbers" | "labels" | undefined => {
  const { DataType: T } = arrow
  if (T.isInt(type) || T.isFloat(type)) return "numbers"
  if (T.isUtf8(type) || T.isLargeUtf8(type) || T.isUtf8View(type) || T.isBool(type)) return "labels"
  if (T.isDictionary(type)) return kindOf(arrow, type.dictionary) === "labels" ? "labels" : undefined
  return undefined
}

/** The values of `vector`: its typed array when it has no nulls and one (floats of 32 or 64 bits, integers), else each value. */
const valuesOf = (arrow: Arrow, vector: Vector): ArrayLike<unknown> => {
  const type = vector.type as DataType
  const direct = vector.nullCount === 0 && (arrow.DataType.isInt(type) || (arrow.DataType.isFloat(type) && type.precision !== arrow.Precision.HALF))
  if (direct) return vector.toArray() as ArrayLike<unknown>
  return Array.from({ length: vector.length }, (_, i) => vector.get(i) as unknown)
}

let codecs: Promise<void> | undefined

/** Registers the LZ4 frame and zstd codecs with apache-arrow, once, unless the program registered its own. */
const registerCodecs = (arrow: Arrow): Promise<void> =>
  (codecs ??= import("hyparquet-compressors").then(({ compressors }) => {
    const { compressionRegistry, CompressionType } = arrow
    if (compressionRegistry.get(CompressionType.LZ4_FRAME) === null) compressionRegistry.set(CompressionType.LZ4_FRAME, { decode: decodeLz4Frame })
    const zstd = compressors.ZSTD
    if (compressionRegistry.get(CompressionType.ZSTD) === null && zstd !== undefined) {
      // fzstd may return a view at any offset; apache-arrow views the bytes as Float64Array and the like, which need alignment.
      compressionRegistry.set(CompressionType.ZSTD, {
        decode: (bytes) => {
          const out = zstd(bytes, 0)
          return out.byteOffset % 8 === 0 ? out : out.slice()
        }
      })
    }
  }))

/** Reads the Arrow IPC file (file or stream format) at `path`; throws the errors of `TableSink`, and `InvalidOption` for a file that is not Arrow IPC or is cut short. */
export const readArrowFile = async (path: string, source: string, target: string | undefined): Promise<BytesDataset> => {
  const arrow = await import("apache-arrow")
  await registerCodecs(arrow)
  const { fields, rows } = await withBatches(arrow, path, async (reader, batches) => {
    // Taken before the loop: a reader that has read its last batch forgets its schema.
    const fields = reader.schema.fields as Array<Field>
    let rows = 0
    for await (const batch of batches) rows += batch.numRows
    return { fields, rows }
  })
  const names = fields.map((f) => f.name)
  const sink = new TableSink(source, names, target, rows)
  fields.forEach((field, col) => {
    const kind = kindOf(arrow, field.type as DataType)
    if (kind === "numbers" || (kind === "labels" && col === sink.t)) return
    throw new InvalidOption({
      option: `${source}, column ${col + 1} (${JSON.stringify(field.name)})`,
      value: String(field.type),
      reason: col === sink.t
        ? "is not a type weft reads as a target; the target must hold numbers, strings or booleans"
        : "is not a numeric type; feature columns must hold integers or floating-point numbers"
    })
  })
  await withBatches(arrow, path, async (_, batches) => {
    let row0 = 0
    for await (const batch of batches) {
      for (let col = 0; col < names.length; col++) sink.column(col, row0, valuesOf(arrow, batch.getChildAt(col)!))
      row0 += batch.numRows
    }
  })
  return sink.finish()
}

const notArrow = (path: string, e: unknown): InvalidOption =>
  new InvalidOption({ option: "path", value: path, reason: `cannot be read (not a complete Arrow IPC file: ${e instanceof Error ? e.message : String(e)})` })
