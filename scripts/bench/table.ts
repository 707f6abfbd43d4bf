export interface BenchRow {
  measure: string;
  value: string;
  note: string;
}

/** A plain-text table, columns padded to their widest cell. */
export function renderTable(rows: readonly BenchRow[]): string {
  const header: BenchRow = { measure: "measure", value: "value", note: "note" };
  const all = [header, ...rows];
  const width = (key: keyof BenchRow) => Math.max(...all.map((r) => r[key].length));
  const [m, v] = [width("measure"), width("value")];
  const line = (r: BenchRow) => `${r.measure.padEnd(m)}  ${r.value.padStart(v)}  ${r.note}`.trimEnd();
  return [line(header), "-".repeat(m + v + 4 + width("note")), ...rows.map(line)].join("\n") + "\n";
}

export const ms = (n: number): string => `${Math.round(n).toLocaleString("en-US")} ms`;
export const count = (n: number): string => n.toLocaleString("en-US");
