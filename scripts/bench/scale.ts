import { dryRun, dryRunRow, mb, stateFileCost, type DryRun } from "./dry-run.js";
import { count, ms, type BenchRow } from "./table.js";
import { openWorkspace } from "./workspace.js";

const MB = 1024 * 1024;
const verdict = (ok: boolean): string => (ok ? "met" : "MISSED");

/** A run under a heap limit: it must complete (exit 0 or 2), not abort out of memory. */
function cappedRow(what: string, run: DryRun | Error, capMb: number): BenchRow {
  if (run instanceof Error) {
    return { measure: what, value: "failed", note: `goal: completes: MISSED; ${run.message.split("\n")[0]}` };
  }
  return {
    measure: what,
    value: `${ms(run.wallMs)}, ${mb(run.peakRssBytes)}`,
    note: `goal: completes with --max-old-space-size=${capMb}: met (exit ${run.exitCode})`,
  };
}

const orError = (job: Promise<DryRun>): Promise<DryRun | Error> => job.catch((e: unknown) => e as Error);

/** Dry runs of 20,000 and 200,000 users, every contact to create: the line from one to the other. */
async function allCreates(step: (what: string) => void): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  step("dry run, 20,000 users, all creates");
  const small = await openWorkspace(20_000);
  const run20k = await dryRun(small, "json").finally(() => small.close());
  rows.push(dryRunRow("dry run 20,000 users, all creates, --json", run20k, { rssBytes: 400 * MB }));

  step("dry run, 100,000 users, all creates");
  const ws = await openWorkspace(100_000);
  try {
    const json = await dryRun(ws, "json");
    rows.push(
      dryRunRow("dry run 100,000 users, all creates, --json", json, { wallMs: 3000, rssBytes: 400 * MB }),
    );
    const text = await dryRun(ws, "text");
    rows.push(
      dryRunRow("dry run 100,000 users, all creates, text", text, { wallMs: 3000, rssBytes: 400 * MB }),
    );
    const capped = await orError(dryRun(ws, "json", 320));
    rows.push(cappedRow("dry run 100,000 users, all creates, --json, heap 320 MB", capped, 320));
    const ratio = json.wallMs / run20k.wallMs;
    rows.push({
      measure: "linear: 100,000 / 20,000 users (wall)",
      value: `${ratio.toFixed(2)}x`,
      note: `goal <= 5.5x: ${verdict(ratio <= 5.5)}`,
    });
  } finally {
    await ws.close();
  }

  step("dry run, 200,000 users, all creates");
  const large = await openWorkspace(200_000);
  const run200k = await dryRun(large, "json").finally(() => large.close());
  rows.push(dryRunRow("dry run 200,000 users, all creates, --json", run200k, { rssBytes: 800 * MB }));
  return rows;
}

/** The everyday case: 100,000 contacts already in MBN and in the state file, nothing to do. */
async function inStep(step: (what: string) => void): Promise<BenchRow[]> {
  step("dry run, 100,000 users already in MBN");
  const ws = await openWorkspace(100_000, { inStep: true });
  try {
    const first = await dryRun(ws, "text"); // the full read that writes the state file
    ws.sim.resetStats();
    const json = await dryRun(ws, "json");
    const requests = ws.sim.stats().requests;
    const text = await dryRun(ws, "text");
    const capped = await orError(dryRun(ws, "json", 320));
    const state = await stateFileCost(ws);
    const idleMs = state.loadMs + (json.stages["mbn"] ?? 0) + state.saveMs;
    const idleOk = requests <= 3 && idleMs <= 2000;
    return [
      dryRunRow("dry run 100,000 users, 100,000 in MBN, --json", json, { wallMs: 3000, rssBytes: 400 * MB }),
      dryRunRow("dry run 100,000 users, 100,000 in MBN, text", text, { wallMs: 3000, rssBytes: 400 * MB }),
      cappedRow("dry run 100,000 users, 100,000 in MBN, --json, heap 320 MB", capped, 320),
      {
        measure: "idle incremental run at 100,000 contacts",
        value: `${requests} requests, ${ms(idleMs)}`,
        note:
          `goal <= 3 requests and <= 2 s: ${verdict(idleOk)}; state load ${ms(state.loadMs)} + ` +
          `MBN ${ms(json.stages["mbn"] ?? 0)} + state save ${ms(state.saveMs)} (${count(state.contacts)} contacts)`,
      },
      {
        measure: "first run at 100,000 contacts (full read)",
        value: ms(first.wallMs),
        note: `${mb(first.peakRssBytes)} peak; ${Object.entries(first.stages)
          .map(([s, t]) => `${s} ${ms(t)}`)
          .join(", ")}`,
      },
    ];
  } finally {
    await ws.close();
  }
}

/** The scale goals of issue 15: dry runs of the built CLI, each its own process, measured from outside. */
export async function benchScale(step: (what: string) => void): Promise<BenchRow[]> {
  return [...(await allCreates(step)), ...(await inStep(step))];
}
