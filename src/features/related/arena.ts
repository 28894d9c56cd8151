// Storage of the related-films model (model.ts) without a JS object per film: growable typed arenas and CSR postings.

/**
 * The model's memory (decision 048). Nothing is kept per film as a JS object: a film is an index into columns (typed
 * arrays, one slot per film), and its variable-length parts (text and title vectors, people, genres) are ranges of a
 * few large arenas. Postings of the batch build are CSR (one offsets array, one documents array, one weights array for
 * every term); films added afterwards (admin edits) go to small per-term overflow lists, walked after the CSR
 * segment, in the order the old per-term arrays had. At 150k films the per-film objects and the six small typed
 * arrays each film had (each with ~200 bytes of bookkeeping) were most of the 520 MB heap.
 */
export class Ints {
  data: Int32Array;
  length = 0;
  constructor(capacity = 1024) {
    this.data = new Int32Array(capacity);
  }
  reserve(extra: number): void {
    if (this.length + extra <= this.data.length) return;
    // 1.5×: a large arena is copied when it grows, and the old copy lives until the copy is done.
    const next = new Int32Array(Math.max(this.length + extra, Math.ceil(this.data.length * 1.5), 1024));
    next.set(this.data.subarray(0, this.length));
    this.data = next;
  }
  push(value: number): void {
    if (this.length === this.data.length) this.reserve(1);
    this.data[this.length++] = value;
  }
}

export class Floats {
  data: Float32Array;
  length = 0;
  constructor(capacity = 1024) {
    this.data = new Float32Array(capacity);
  }
  reserve(extra: number): void {
    if (this.length + extra <= this.data.length) return;
    const next = new Float32Array(Math.max(this.length + extra, Math.ceil(this.data.length * 1.5), 1024));
    next.set(this.data.subarray(0, this.length));
    this.data = next;
  }
  push(value: number): void {
    if (this.length === this.data.length) this.reserve(1);
    this.data[this.length++] = value;
  }
}

/** Postings of one kind of term: CSR from the batch build, then per-term overflow lists for films added later. */
export class Postings {
  /** Term t's CSR entries are [start[t], start[t] + live[t]); removals shift the segment left and shorten it. */
  private start = new Int32Array(1);
  private live = new Int32Array(0);
  private docs = new Int32Array(0);
  private weights = new Float32Array(0);
  private readonly moreDocs = new Map<number, number[]>();
  private readonly moreWeights = new Map<number, number[]>();

  /** Build the CSR part from `count` entries per term, then `fill` calls `put` once per entry in document order. */
  build(terms: number, count: (t: number) => number, fill: (put: (t: number, doc: number, w: number) => void) => void) {
    const start = new Int32Array(terms + 1);
    for (let t = 0; t < terms; t++) start[t + 1] = start[t]! + count(t);
    const total = start[terms]!;
    const docs = new Int32Array(total);
    const weights = new Float32Array(total);
    const live = new Int32Array(terms);
    fill((t, doc, w) => {
      const at = start[t]! + live[t]!;
      docs[at] = doc;
      weights[at] = w;
      live[t]!++;
    });
    this.start = start;
    this.live = live;
    this.docs = docs;
    this.weights = weights;
  }

  /** Whether term t has a posting list (possibly emptied by removals), as an array that was once created. */
  has(t: number): boolean {
    return (t < this.live.length && this.start[t + 1]! > this.start[t]!) || this.moreDocs.has(t);
  }

  size(t: number): number {
    return (t < this.live.length ? this.live[t]! : 0) + (this.moreDocs.get(t)?.length ?? 0);
  }

  add(t: number, doc: number, w: number): void {
    let list = this.moreDocs.get(t);
    let weights = this.moreWeights.get(t);
    if (!list || !weights) {
      list = [];
      weights = [];
      this.moreDocs.set(t, list);
      this.moreWeights.set(t, weights);
    }
    list.push(doc);
    weights.push(w);
  }

  remove(t: number, doc: number): void {
    if (t < this.live.length) {
      const from = this.start[t]!;
      const end = from + this.live[t]!;
      for (let p = from; p < end; p++) {
        if (this.docs[p] !== doc) continue;
        this.docs.copyWithin(p, p + 1, end);
        this.weights.copyWithin(p, p + 1, end);
        this.live[t]!--;
        return;
      }
    }
    const list = this.moreDocs.get(t);
    const at = list ? list.indexOf(doc) : -1;
    if (at < 0) return;
    list!.splice(at, 1);
    this.moreWeights.get(t)!.splice(at, 1);
  }

  /** Calls `visit` for every (document, weight) of term t, CSR part first. */
  forEach(t: number, visit: (doc: number, w: number) => void): void {
    if (t < this.live.length) {
      const from = this.start[t]!;
      const end = from + this.live[t]!;
      for (let p = from; p < end; p++) visit(this.docs[p]!, this.weights[p]!);
    }
    const list = this.moreDocs.get(t);
    if (!list) return;
    const weights = this.moreWeights.get(t)!;
    for (let p = 0; p < list.length; p++) visit(list[p]!, weights[p]!);
  }
}
