import { describe, expect, it } from "vitest";
import { eventPrinter, type Console } from "../../../src/cli/console.js";

function fakeConsole(stderrIsTTY: boolean): Console & { errText: () => string } {
  let err = "";
  return {
    out: () => undefined,
    err: (text) => {
      err += text;
    },
    stdoutIsTTY: false,
    stderrIsTTY,
    errText: () => err,
  };
}

describe("eventPrinter", () => {
  it("on a terminal, redraws a counter of the writes in place and ends its line before anything else", () => {
    const console = fakeConsole(true);
    const print = eventPrinter(console, {});
    print({ type: "stage", stage: "apply", message: "Writing 2 changes" });
    print({ type: "progress", done: 1, total: 2 });
    print({ type: "log", level: "warning", message: "slow down" });
    print({ type: "progress", done: 2, total: 2 });
    expect(console.errText()).toBe(
      "Writing 2 changes…\n\r  1/2 written\nwarning: slow down\n\r  2/2 written\n",
    );
  });

  it("writes no counter into a log file, and only warnings and errors with --quiet", () => {
    const piped = fakeConsole(false);
    eventPrinter(piped, {})({ type: "progress", done: 1, total: 2 });
    expect(piped.errText()).toBe("");

    const quiet = fakeConsole(true);
    const print = eventPrinter(quiet, { quiet: true });
    print({ type: "stage", stage: "plan", message: "Planning" });
    print({ type: "progress", done: 1, total: 1 });
    print({ type: "log", level: "debug", message: "details" });
    print({ type: "log", level: "warning", message: "took over a stale lock" });
    expect(quiet.errText()).toBe("warning: took over a stale lock\n");
  });

  it("shows debug lines only with --verbose", () => {
    const console = fakeConsole(false);
    eventPrinter(console, { verbose: true })({
      type: "log",
      level: "debug",
      message: "full read (no state)",
    });
    expect(console.errText()).toBe("debug: full read (no state)\n");
  });
});
