/** A simulator and a temp dir with configs pointing at it and at the demo LDIF, for the command tests. */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { startSimulator, type RunningSimulator } from "../../../src/simulator/index.js";
import { repoRoot } from "../../helpers/cli.js";
import { removeTempDirs, tempDir } from "../../helpers/temp-dir.js";

export const ldif = join(repoRoot, "examples/demo/users.ldif");
export const defaultMapping = join(repoRoot, "mappings/active-directory.yaml");
export const SECRET = "demo-secret";
export const PASSWORD = "demo-password";
export const env = { MBN_TEST_SECRET: SECRET, MBN_TEST_PASSWORD: PASSWORD };

export interface Fixture {
  sim: RunningSimulator;
  dir: string;
  /** Writes a config for the simulator and the demo LDIF; returns its path. */
  writeConfig(file: string, options?: { mapping?: string; ldif?: string; extra?: string }): string;
  /** Writes any file into the temp dir; returns its path. */
  write(file: string, text: string): string;
  close(): Promise<void>;
}

export async function startFixture(): Promise<Fixture> {
  const sim = await startSimulator({ port: 0 });
  const dir = await tempDir("mbn-commands-");
  const write = (file: string, text: string): string => {
    const path = join(dir, file);
    writeFileSync(path, text);
    return path;
  };
  return {
    sim,
    dir,
    write,
    writeConfig: (file, options = {}) =>
      write(
        file,
        `source:\n  type: ldif\n  file: ${options.ldif ?? ldif}\nmapping: ${options.mapping ?? defaultMapping}\n` +
          `mbn:\n  baseUrl: ${sim.url}\n  clientId: demo-client\n  clientSecret: \${env:MBN_TEST_SECRET}\n` +
          `  username: api-user-1\n  password: \${env:MBN_TEST_PASSWORD}\n` +
          `state:\n  dir: ${join(dir, "state")}\n${options.extra ?? ""}`,
      ),
    close: async () => {
      await sim.close();
      await removeTempDirs();
    },
  };
}
