/**
 * A decoder of the LZ4 frame format (https://github.com/lz4/lz4/blob/dev/doc/lz4_Frame_format.md),
 * for compressed Arrow IPC buffers: Arrow compresses each buffer as one LZ4
 * frame (`CompressionType.LZ4_FRAME`; pyarrow's `write_feather` does by
 * default), and apache-arrow ships no codec for it. hyparquet-compressors has
 * LZ4 for Parquet (raw blocks, the Hadoop framing), not frames; this reads a
 * frame's header and blocks and decodes each block (the LZ4 block format,
 * https://github.com/lz4/lz4/blob/dev/doc/lz4_Block_format.md) into one
 * output, so that linked blocks (the default of LZ4F, which Arrow C++ uses)
 * can copy from the blocks before them. Checksums are skipped, not checked.
 * No effect import.
 */

const MAGIC = 0x184d2204

const fail = (why: string): never => {
  throw new Error(`LZ4 frame: ${why}`)
}

/** The bytes of the LZ4 frame(s) in `input`, decompressed. */
export const decodeLz4Frame = (input: Uint8Array): Uint8Array => {
  const view = new DataView(input.buffer, input.byteOffset, input.byteLength)
  let out = new Uint8Array(Math.max(1024, input.length * 4))
  let o = 0
  /** The output buffer, grown to hold `more` bytes from position `at`. */
  const room = (at: number, more: number): Uint8Array => {
    if (at + more > out.length) {
      const bigger = new Uint8Array(Math.max(out.length * 2, at + more))
      bigger.set(out.subarray(0, at))
      out = bigger
    }
    return out
  }
  let i = 0
  while (i < input.length) {
    if (i + 7 > input.length) fail("truncated header")
    const magic = view.getUint32(i, true)
    if (magic >= 0x184d2a50 && magic <= 0x184d2a5f) {
      // A skippable frame.
      i += 8 + view.getUint32(i + 4, true)
      continue
    }
    if (magic !== MAGIC) fail(`bad magic number 0x${magic.toString(16)}`)
    const flg = input[i + 4]
    if (flg >> 6 !== 1) fail(`unsupported version ${flg >> 6}`)
    const blockChecksum = (flg & 0x10) !== 0
    const contentChecksum = (flg & 0x04) !== 0
    i += 6 + ((flg & 0x08) !== 0 ? 8 : 0) + ((flg & 0x01) !== 0 ? 4 : 0) + 1 // FLG, BD, content size, dictionary id, header checksum
    for (;;) {
      if (i + 4 > input.length) fail("truncated block size")
      const word = view.getUint32(i, true)
      i += 4
      if (word === 0) break
      const size = word & 0x7fffffff
      if (i + size > input.length) fail("truncated block")
      if ((word & 0x80000000) !== 0) {
        room(o, size).set(input.subarray(i, i + size), o)
        o += size
      } else {
        o = decodeBlock(input, i, i + size, room, o)
      }
      i += size + (blockChecksum ? 4 : 0)
    }
    if (contentChecksum) i += 4
  }
  return out.subarray(0, o)
}

/**
 * Decodes the LZ4 block in input[from, to) at output position `o` of the
 * buffer `room(o, n)` returns (with room for n bytes from o); returns the
 * new output position.
 */
const decodeBlock = (input: Uint8Array, from: number, to: number, room: (at: number, n: number) => Uint8Array, o: number): number => {
  let i = from
  for (;;) {
    const token = input[i++]
    let literals = token >> 4
    if (literals === 15) {
      let b: number
      do {
        b = input[i++]
        literals += b
      } while (b === 255)
    }
    if (i + literals > to) fail("literals past the block's end")
    const out = room(o, literals)
    out.set(input.subarray(i, i + literals), o)
    o += literals
    i += literals
    if (i >= to) return o // the last sequence has no match
    const offset = input[i] | (input[i + 1] << 8)
    i += 2
    if (offset === 0 || offset > o) fail(`match offset ${offset} out of range`)
    let length = token & 15
    if (length === 15) {
      let b: number
      do {
        b = input[i++]
        length += b
      } while (b === 255)
    }
    length += 4
    const target = room(o, length)
    // Byte by byte: a match may overlap the bytes it writes (offset < length).
    for (let k = 0; k < length; k++) target[o + k] = target[o + k - offset]
    o += length
  }
}
