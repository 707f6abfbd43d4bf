import { readFileSync } from "node:fs";

/** The version in package.json, two levels above this file in both src/cli and dist/cli. */
export function packageVersion(): string {
  const url = new URL("../../package.json", import.meta.url);
  const pkg = JSON.parse(readFileSync(url, "utf8")) as { version?: string };
  return pkg.version ?? "0.0.0";
}
