// Small data structures of the model's hot loop, kept apart so model.ts reads as the scoring it does.

/** The k best (index, score) pairs seen, best first; insertion into a short sorted array. */
export class TopK {
  readonly items: number[] = [];
  readonly scores: number[] = [];
  constructor(private readonly k: number) {}
  get size(): number {
    return this.items.length;
  }
  offer(item: number, score: number): void {
    const n = this.items.length;
    if (n === this.k && score <= this.scores[n - 1]!) return;
    let at = n;
    while (at > 0 && this.scores[at - 1]! < score) at--;
    this.items.splice(at, 0, item);
    this.scores.splice(at, 0, score);
    if (this.items.length > this.k) {
      this.items.pop();
      this.scores.pop();
    }
  }
}

export function slot(lists: number[][], id: number): number[] {
  let list = lists[id];
  if (!list) {
    list = [];
    lists[id] = list;
  }
  return list;
}

export function listFor<K>(lists: Map<K, number[]>, key: K): number[] {
  let list = lists.get(key);
  if (!list) {
    list = [];
    lists.set(key, list);
  }
  return list;
}

export function dot(at: Int32Array, aw: Float32Array, bt: Int32Array, bw: Float32Array): number {
  let sum = 0;
  let i = 0;
  let j = 0;
  while (i < at.length && j < bt.length) {
    if (at[i] === bt[j]) sum += aw[i++]! * bw[j++]!;
    else if (at[i]! < bt[j]!) i++;
    else j++;
  }
  return sum;
}

export function sharedCount(a: { id: number }[], b: { id: number }[]): number {
  let n = 0;
  for (const p of new Set(a.map((x) => x.id))) if (b.some((q) => q.id === p)) n++;
  return n;
}

export interface SmallSet {
  lo: number;
  hi: number;
  size: number;
  /** Ids past the 64th distinct one, compared the slow way (no catalog here has that many genres). */
  rest: number[];
}

function popcount(x: number): number {
  let v = x - ((x >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return (((v + (v >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}

export function jaccard(a: SmallSet, b: SmallSet): number {
  if (a.size === 0 || b.size === 0) return 0;
  let inter = popcount(a.lo & b.lo) + popcount(a.hi & b.hi);
  for (const x of a.rest) if (b.rest.includes(x)) inter++;
  return inter / (a.size + b.size - inter);
}

/** `jaccard` over sets kept as columns (decision 048): the same arithmetic, no object per film. */
export function jaccardBits(
  aLo: number,
  aHi: number,
  aSize: number,
  aRest: number[] | undefined,
  bLo: number,
  bHi: number,
  bSize: number,
  bRest: number[] | undefined,
): number {
  if (aSize === 0 || bSize === 0) return 0;
  let inter = popcount(aLo & bLo) + popcount(aHi & bHi);
  for (const x of aRest ?? []) if (bRest?.includes(x)) inter++;
  return inter / (aSize + bSize - inter);
}

/** Ids two ascending id arrays have in common, counted by one merge. */
export function sharedSorted(a: Int32Array, b: Int32Array): number {
  let n = 0;
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      n++;
      i++;
      j++;
    } else if (a[i]! < b[j]!) i++;
    else j++;
  }
  return n;
}
