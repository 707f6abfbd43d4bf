import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { printReport, type Console } from "../../../src/cli/console.js";
import { renderJsonPieces, type ChangeRecord } from "../../../src/report/index.js";
import { syncReport } from "../report/builders.js";

function change(i: number): ChangeRecord {
  const fields = {
    displayName: { from: null, to: `Kari Nordmann ${i}` },
    title: { from: null, to: "Engineer" },
  };
  return {
    action: "create",
    status: "planned",
    externalId: `ad:${i}`,
    contactId: null,
    source: `u${i}`,
    name: null,
    fields,
  };
}

/** stdout as a slow pipe: takes one piece per turn of the event loop, and says when it is full. */
function slowPipe(): { stream: Writable; text: () => string; mostQueued: () => number } {
  const chunks: Buffer[] = [];
  let mostQueued = 0;
  const stream = new Writable({
    highWaterMark: 1024,
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk);
      setImmediate(done);
    },
  });
  const write = stream.write.bind(stream);
  stream.write = ((piece: string) => {
    const ok = write(piece);
    mostQueued = Math.max(mostQueued, stream.writableLength);
    return ok;
  }) as typeof stream.write;
  return { stream, text: () => Buffer.concat(chunks).toString(), mostQueued: () => mostQueued };
}

describe("printReport --json", () => {
  it("writes the document piece by piece as stdout drains, never queueing it whole", async () => {
    const report = syncReport({ changes: Array.from({ length: 3000 }, (_, i) => change(i)) });
    const pipe = slowPipe();
    const console: Console = {
      out: () => {
        throw new Error("the JSON goes to outStream");
      },
      err: () => undefined,
      stdoutIsTTY: false,
      stderrIsTTY: false,
      outStream: pipe.stream,
    };
    await printReport(console, report, { json: true });
    const expected = [...renderJsonPieces(report, "lines")].join("");
    expect(expected.length).toBeGreaterThan(300_000);
    expect(pipe.text()).toBe(expected);
    expect(pipe.mostQueued()).toBeLessThan(70_000);
  });

  it("indents the document for a terminal, and writes a line per change elsewhere", async () => {
    const report = syncReport({ changes: [change(1), change(2)] });
    const printed = async (stdoutIsTTY: boolean): Promise<string> => {
      let text = "";
      const console: Console = {
        out: (t) => (text += t),
        err: () => undefined,
        stdoutIsTTY,
        stderrIsTTY: false,
      };
      await printReport(console, report, { json: true });
      return text;
    };
    expect(await printed(true)).toBe(`${JSON.stringify(report, null, 2)}\n`);
    const piped = await printed(false);
    expect(JSON.parse(piped)).toEqual(JSON.parse(JSON.stringify(report)));
    expect(piped.split("\n").filter((line) => line.startsWith('    {"action"'))).toHaveLength(2);
  });

  it("goes through out() when the console has no stream (tests, embedding)", async () => {
    const report = syncReport({ changes: [change(1)] });
    let text = "";
    const console: Console = {
      out: (t) => (text += t),
      err: () => undefined,
      stdoutIsTTY: false,
      stderrIsTTY: false,
    };
    await printReport(console, report, { json: true });
    expect(text).toBe([...renderJsonPieces(report, "lines")].join(""));
  });
});
