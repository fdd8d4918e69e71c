/**
 * Posting lists: for each gram key (a uint32), the sorted list of values `slot * 2 + flag` of the
 * documents that contain it (flag 1: the gram occurs in the title).
 *
 * Two parts, so that the same code serves a fresh build, sync deltas and a cold load:
 * - the frozen base: every list delta-encoded as varints, back to back in ONE byte array, found by
 *   binary search over a sorted key array. Compact (a posting is usually one byte), a handful of
 *   typed arrays whatever the number of keys, and exactly what is persisted, so loading it is free.
 * - the tail: lists appended since the last freeze, in 32-byte blocks chained per key and found
 *   through an open-addressing hash. Slots only ever grow, so an append is always at the end of a
 *   list, and a tail list continues the varint chain of its base list byte for byte: freezing is
 *   concatenation, never re-encoding.
 */

const BLOCK = 32
const POW7 = [1, 2 ** 7, 2 ** 14, 2 ** 21, 2 ** 28]

/** murmur3's finaliser: bigram keys differ mostly in their high half, so the bits must be mixed. */
function mix(key: number): number {
  let h = key ^ (key >>> 16)
  h = Math.imul(h, 0x85EBCA6B)
  h ^= h >>> 13
  h = Math.imul(h, 0xC2B2AE35)
  return (h ^ (h >>> 16)) >>> 0
}

function grown<T extends Uint8Array | Int32Array | Uint32Array | Float64Array>(a: T, need: number): T {
  if (need <= a.length)
    return a
  const b = new (a.constructor as new (n: number) => T)(Math.max(need, a.length * 2, 16))
  b.set(a)
  return b
}

/** The persisted form of a table: five typed arrays. */
export interface PostingTableData {
  keys: Uint32Array<ArrayBuffer>
  /** `offsets[i]..offsets[i+1]` are the bytes of `keys[i]`. */
  offsets: Uint32Array<ArrayBuffer>
  counts: Uint32Array<ArrayBuffer>
  /** The last value of each list, to continue its delta chain. */
  lasts: Uint32Array<ArrayBuffer>
  bytes: Uint8Array<ArrayBuffer>
}

export class PostingTable {
  private keys = new Uint32Array(0)
  private offsets = new Uint32Array(1)
  private counts = new Uint32Array(0)
  private lasts = new Uint32Array(0)
  private bytes = new Uint8Array(0)

  // Tail, indexed by tail number t; `hash` holds t + 1 (0 = empty).
  private hash = new Int32Array(1024)
  private tN = 0
  private tKey = new Uint32Array(0)
  private tHead = new Int32Array(0)
  private tTail = new Int32Array(0)
  private tFill = new Uint8Array(0)
  private tCount = new Uint32Array(0)
  private tBytes = new Uint32Array(0)
  private tLast = new Float64Array(0)
  private blocks = new Uint8Array(0)
  private next = new Int32Array(0)
  private nBlocks = 0

  static fromData(d: PostingTableData): PostingTable {
    const t = new PostingTable()
    t.keys = d.keys
    t.offsets = d.offsets
    t.counts = d.counts
    t.lasts = d.lasts
    t.bytes = d.bytes
    return t
  }

  /** Appends `value` (slot * 2 + flag) to the list of `key`; a second value for the same slot is ignored. */
  add(key: number, value: number): void {
    const t = this.tailOf(key, true)
    const last = this.tLast[t]!
    if (last >= 0 && Math.floor(last / 2) === Math.floor(value / 2))
      return
    let d = last < 0 ? value : value - last
    while (d >= 0x80) {
      this.put(t, (d & 0x7F) | 0x80)
      d = Math.floor(d / 128)
    }
    this.put(t, d)
    this.tLast[t] = value
    this.tCount[t]!++
  }

  /** How many values the list of `key` holds (an upper bound of its live documents). */
  count(key: number): number {
    const b = this.baseOf(key)
    const t = this.tailOf(key, false)
    return (b >= 0 ? this.counts[b]! : 0) + (t >= 0 ? this.tCount[t]! : 0)
  }

  /** The decoded list of `key`, ascending. */
  get(key: number): Uint32Array {
    const b = this.baseOf(key)
    const t = this.tailOf(key, false)
    const out = new Uint32Array((b >= 0 ? this.counts[b]! : 0) + (t >= 0 ? this.tCount[t]! : 0))
    let j = 0
    let prev = 0
    let v = 0
    let shift = 0
    const feed = (src: Uint8Array, from: number, to: number) => {
      for (let i = from; i < to; i++) {
        const byte = src[i]!
        v += (byte & 0x7F) * POW7[shift]!
        if (byte < 0x80) {
          prev += v
          out[j++] = prev
          v = 0
          shift = 0
        }
        else {
          shift++
        }
      }
    }
    if (b >= 0)
      feed(this.bytes, this.offsets[b]!, this.offsets[b + 1]!)
    if (t >= 0) {
      for (let blk = this.tHead[t]!; blk >= 0; blk = this.next[blk]!)
        feed(this.blocks, blk * BLOCK, blk * BLOCK + (blk === this.tTail[t] ? this.tFill[t]! : BLOCK))
    }
    return out
  }

  /** Moves the tail into the base (concatenating byte chains), leaving an empty tail. */
  freeze(): void {
    if (this.tN === 0)
      return
    const order = new Uint32Array(this.tN)
    for (let i = 0; i < this.tN; i++)
      order[i] = i
    const tKey = this.tKey
    order.sort((a, b) => tKey[a]! - tKey[b]!)

    let union = this.keys.length
    let tailBytes = 0
    for (let i = 0; i < this.tN; i++) {
      tailBytes += this.tBytes[i]!
      if (this.baseOf(tKey[i]!) < 0)
        union++
    }
    const keys = new Uint32Array(union)
    const offsets = new Uint32Array(union + 1)
    const counts = new Uint32Array(union)
    const lasts = new Uint32Array(union)
    const bytes = new Uint8Array(this.bytes.length + tailBytes)
    let bi = 0
    let ti = 0
    let k = 0
    let pos = 0
    while (bi < this.keys.length || ti < order.length) {
      const bk = bi < this.keys.length ? this.keys[bi]! : Infinity
      const t = ti < order.length ? order[ti]! : -1
      const tk = t >= 0 ? tKey[t]! : Infinity
      const key = Math.min(bk, tk)
      keys[k] = key
      offsets[k] = pos
      if (bk === key) {
        bytes.set(this.bytes.subarray(this.offsets[bi]!, this.offsets[bi + 1]!), pos)
        pos += this.offsets[bi + 1]! - this.offsets[bi]!
        counts[k] = this.counts[bi]!
        lasts[k] = this.lasts[bi]!
        bi++
      }
      if (tk === key) {
        for (let blk = this.tHead[t]!; blk >= 0; blk = this.next[blk]!) {
          const len = blk === this.tTail[t] ? this.tFill[t]! : BLOCK
          bytes.set(this.blocks.subarray(blk * BLOCK, blk * BLOCK + len), pos)
          pos += len
        }
        counts[k] = counts[k]! + this.tCount[t]!
        lasts[k] = this.tLast[t]!
        ti++
      }
      k++
    }
    offsets[k] = pos
    Object.assign(this, { keys, offsets, counts, lasts, bytes })
    this.resetTail()
  }

  /** The frozen tables, for persistence (freezes first). */
  toData(): PostingTableData {
    this.freeze()
    return { keys: this.keys, offsets: this.offsets, counts: this.counts, lasts: this.lasts, bytes: this.bytes }
  }

  /** Bytes held, for memory reports. */
  get byteSize(): number {
    return this.bytes.byteLength + this.keys.byteLength * 4 + this.blocks.byteLength + this.next.byteLength + this.hash.byteLength
      + this.tN * 33
  }

  get keyCount(): number {
    return this.keys.length + this.tN
  }

  private resetTail(): void {
    this.hash = new Int32Array(1024)
    this.tN = 0
    this.tKey = new Uint32Array(0)
    this.tHead = new Int32Array(0)
    this.tTail = new Int32Array(0)
    this.tFill = new Uint8Array(0)
    this.tCount = new Uint32Array(0)
    this.tBytes = new Uint32Array(0)
    this.tLast = new Float64Array(0)
    this.blocks = new Uint8Array(0)
    this.next = new Int32Array(0)
    this.nBlocks = 0
  }

  private baseOf(key: number): number {
    const keys = this.keys
    let lo = 0
    let hi = keys.length - 1
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1
      const k = keys[mid]!
      if (k < key)
        lo = mid + 1
      else if (k > key)
        hi = mid - 1
      else return mid
    }
    return -1
  }

  private tailOf(key: number, create: boolean): number {
    let mask = this.hash.length - 1
    let h = mix(key)
    for (;;) {
      h &= mask
      const e = this.hash[h]!
      if (e === 0)
        break
      if (this.tKey[e - 1] === key)
        return e - 1
      h++
    }
    if (!create)
      return -1
    if ((this.tN + 1) * 2 > this.hash.length) {
      this.rehash()
      mask = this.hash.length - 1
      h = mix(key)
      while (this.hash[h & mask] !== 0) h++
      h &= mask
    }
    const t = this.tN++
    if (t >= this.tKey.length) {
      const n = Math.max(1024, this.tKey.length * 2)
      this.tKey = grown(this.tKey, n)
      this.tHead = grown(this.tHead, n)
      this.tTail = grown(this.tTail, n)
      this.tFill = grown(this.tFill, n)
      this.tCount = grown(this.tCount, n)
      this.tBytes = grown(this.tBytes, n)
      this.tLast = grown(this.tLast, n)
    }
    this.hash[h] = t + 1
    this.tKey[t] = key
    const blk = this.newBlock()
    this.tHead[t] = blk
    this.tTail[t] = blk
    this.tFill[t] = 0
    this.tCount[t] = 0
    this.tBytes[t] = 0
    const b = this.baseOf(key)
    this.tLast[t] = b >= 0 ? this.lasts[b]! : -1
    return t
  }

  private rehash(): void {
    const hash = new Int32Array(this.hash.length * 2)
    const mask = hash.length - 1
    for (let t = 0; t < this.tN; t++) {
      let h = mix(this.tKey[t]!)
      while (hash[h & mask] !== 0) h++
      hash[h & mask] = t + 1
    }
    this.hash = hash
  }

  private newBlock(): number {
    const blk = this.nBlocks++
    if (blk >= this.next.length) {
      const n = Math.max(1024, this.next.length * 2)
      this.next = grown(this.next, n)
      this.blocks = grown(this.blocks, n * BLOCK)
    }
    this.next[blk] = -1
    return blk
  }

  private put(t: number, byte: number): void {
    let fill = this.tFill[t]!
    if (fill === BLOCK) {
      const blk = this.newBlock()
      this.next[this.tTail[t]!] = blk
      this.tTail[t] = blk
      fill = 0
    }
    this.blocks[this.tTail[t]! * BLOCK + fill] = byte
    this.tFill[t] = fill + 1
    this.tBytes[t]!++
  }
}
