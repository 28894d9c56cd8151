export interface Page {
  number: number;
  size: number;
  total: number;
  pageCount: number;
  offset: number;
}

export function paginate(requested: number, size: number, total: number): Page {
  const pageCount = Math.max(1, Math.ceil(total / size));
  const number = Math.min(Math.max(1, Math.floor(requested) || 1), pageCount);
  return { number, size, total, pageCount, offset: (number - 1) * size };
}

/**
 * Page numbers to show in a pager: first, last, and a window around the current page; `null` marks a gap.
 * 1 … 4 5 [6] 7 8 … 20
 */
export function pagerItems(current: number, pageCount: number, window = 2): Array<number | null> {
  const items: Array<number | null> = [];
  for (let n = 1; n <= pageCount; n++) {
    if (n === 1 || n === pageCount || Math.abs(n - current) <= window) items.push(n);
    else if (items[items.length - 1] !== null) items.push(null);
  }
  return items;
}
