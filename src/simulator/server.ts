import { createServer } from "node:http";
import type { Contact } from "../model/contact.js";
import type { App } from "./app.js";
import { Authority } from "./auth.js";
import { FaultInjector } from "./faults.js";
import { listen, stopListening } from "./listen.js";
import type { ResolvedOptions, RunningSimulator, SimulatorOptions } from "./options.js";
import { resolveOptions } from "./options.js";
import { DataFileWriter, readDataFile } from "./persistence.js";
import { requestHandler } from "./request-handler.js";
import { seedContacts } from "./seed.js";
import { StatsCounter } from "./stats.js";
import { ContactStore } from "./store.js";

/** The simulator's state: the store (loaded from the data file, if any, and saved on every change). */
async function openApp(options: ResolvedOptions): Promise<{ app: App; writer: DataFileWriter | undefined }> {
  let writer: DataFileWriter | undefined;
  const store = new ContactStore(options.now, () => writer?.schedule());
  if (options.dataFile !== undefined) {
    const snapshot = await readDataFile(options.dataFile);
    if (snapshot) store.load(snapshot);
    writer = new DataFileWriter(options.dataFile, () => store.snapshot());
  }
  const nowMs = () => options.now().getTime();
  const app: App = {
    options,
    store,
    authority: new Authority(options.clients, options.users, options.tokenLifetimeSeconds, nowMs),
    faults: new FaultInjector(options.faults),
  };
  return { app, writer };
}

/** Starts the MBN Catalog simulator; resolves once it listens. */
export async function startSimulator(options?: SimulatorOptions): Promise<RunningSimulator> {
  const resolved = resolveOptions(options);
  const { app, writer } = await openApp(resolved);
  const stats = new StatsCounter();
  const server = createServer(requestHandler(app, stats));
  const url = await listen(server, resolved.host, resolved.port);

  let closing: Promise<void> | undefined;
  return {
    url,
    close() {
      closing ??= stopListening(server).then(() => writer?.close());
      return closing;
    },
    contacts(enterpriseId?: string): Contact[] {
      return structuredClone(app.store.all(enterpriseId));
    },
    seed: (enterpriseId, inputs) => seedContacts(app.store, resolved, enterpriseId, inputs),
    stats: () => stats.snapshot(),
    resetStats() {
      stats.reset();
    },
    setFaults(next) {
      app.faults.set(next);
    },
  };
}
