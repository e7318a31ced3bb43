/** A diff between two texts, by lines, then by words within changed lines (Chinese: by character). */
export interface DiffPart {
  op: 'equal' | 'insert' | 'delete';
  text: string;
}

function lcsDiff(a: readonly string[], b: readonly string[]): DiffPart[] {
  const n = a.length;
  const m = b.length;
  // Longest common subsequence table, from the end, so the walk can go forward.
  const table: number[][] = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(0));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      const row = table[i] as number[];
      row[j] =
        a[i] === b[j] ? (table[i + 1]?.[j + 1] ?? 0) + 1 : Math.max(table[i + 1]?.[j] ?? 0, row[j + 1] ?? 0);
    }
  }
  const out: DiffPart[] = [];
  const push = (op: DiffPart['op'], text: string) => {
    const last = out.at(-1);
    if (last && last.op === op) last.text += text;
    else out.push({ op, text });
  };
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (a[i] === b[j]) {
      push('equal', a[i] ?? '');
      i++;
      j++;
    } else if ((table[i + 1]?.[j] ?? 0) >= (table[i]?.[j + 1] ?? 0)) {
      push('delete', a[i++] ?? '');
    } else {
      push('insert', b[j++] ?? '');
    }
  }
  while (i < n) push('delete', a[i++] ?? '');
  while (j < m) push('insert', b[j++] ?? '');
  return out;
}

/** Words and spaces kept as separate pieces; each CJK character is its own piece. */
function pieces(text: string): string[] {
  return text.match(/[\u3400-\u9fff]|[^\s\u3400-\u9fff]+|\s+/g) ?? [];
}

export function diffText(before: string, after: string): DiffPart[] {
  if (before === after) return before ? [{ op: 'equal', text: before }] : [];
  const a = pieces(before);
  const b = pieces(after);
  // Very long texts: compare by line to keep the table small.
  if (a.length * b.length > 4_000_000) {
    const lines = (t: string) => t.split(/(?<=\n)/);
    return lcsDiff(lines(before), lines(after));
  }
  return lcsDiff(a, b);
}
