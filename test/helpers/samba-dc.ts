/**
 * A throwaway Samba AD DC: provisioned in a temporary directory, listening only on its own
 * loopback address, stopped by the pid of the process we started.
 */
import { execFile, spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { connect as tlsConnect } from "node:tls";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);
const SEARCH_PATH = (process.env.PATH ?? "") + ":/usr/sbin:/sbin:/usr/local/sbin";

/** Everything a test needs to reach the DC; plain data, so it can cross vitest's provide/inject. */
export interface SambaDcInfo {
  dir: string;
  ip: string;
  /** The name in the DC's certificate (CN=<HOST>.<realm>): the TLS serverName. */
  hostName: string;
  realm: string;
  baseDn: string;
  ldapsUrl: string;
  ldapUrl: string;
  /** The local socket, for ldapsearch/ldapadd without TLS name checks. */
  ldapiUrl: string;
  caFile: string;
  adminUpn: string;
  adminPassword: string;
  pid: number;
}

/** The arguments of ldapsearch, ldapadd and ldapmodify that bind as the administrator over the local socket. */
export function adminBindArgs(dc: SambaDcInfo): string[] {
  return ["-x", "-H", dc.ldapiUrl, "-D", dc.adminUpn, "-w", dc.adminPassword];
}

function findProgram(name: string): string | undefined {
  for (const dir of SEARCH_PATH.split(":")) {
    if (dir && existsSync(join(dir, name))) return join(dir, name);
  }
  return undefined;
}

/** Why Samba AD tests cannot run here, or undefined when they can. */
export function sambaMissingReason(): string | undefined {
  const missing = ["samba-tool", "samba", "ldapsearch", "ldapadd"].filter(
    (p) => findProgram(p) === undefined,
  );
  if (missing.length === 0) return undefined;
  return `${missing.join(", ")} not found: install the Debian packages samba, samba-ad-dc, samba-ad-provision and ldap-utils to run the Active Directory tests`;
}

/** A loopback address that no other DC of this run is likely to use. */
function pickAddress(): string {
  return `127.0.0.${2 + Math.floor(Math.random() * 248)}`;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

async function tlsAnswers(ip: string): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = tlsConnect({ host: ip, port: 636, rejectUnauthorized: false, timeout: 1000 });
    const done = (ok: boolean): void => {
      socket.destroy();
      resolve(ok);
    };
    socket.once("secureConnect", () => {
      done(true);
    });
    socket.once("error", () => {
      done(false);
    });
    socket.once("timeout", () => {
      done(false);
    });
  });
}

async function ldapsBindAnswers(info: SambaDcInfo): Promise<boolean> {
  try {
    await run("ldapsearch", [...adminBindArgs(info), "-b", info.baseDn, "-s", "base", "1.1"], {
      timeout: 5000,
    });
    return await tlsAnswers(info.ip);
  } catch {
    return false;
  }
}

export async function provisionSambaDc(options: {
  label: string;
  maxRuntimeS: number;
}): Promise<SambaDcInfo> {
  const reason = sambaMissingReason();
  if (reason) throw new Error(reason);
  const dir = await mkdtemp(join(tmpdir(), `mbn-samba-${options.label}-`));
  try {
    const ip = pickAddress();
    const host = `dc${options.label}${String(Math.floor(Math.random() * 1e4))}`.slice(0, 15).toLowerCase();
    const realm = "MBNTEST.EXAMPLE";
    const adminPassword = "Adm1n-Pa55word!";
    const dirs = ["run", "ncalrpc", "winbindd", "ntp", "log"];
    await Promise.all(dirs.map((d) => mkdir(join(dir, d), { recursive: true })));
    const settings = [
      `interfaces = ${ip}/8`, // a bare address silently binds nothing
      "bind interfaces only = yes",
      `pid directory = ${join(dir, "run")}`,
      `ncalrpc dir = ${join(dir, "ncalrpc")}`,
      `winbindd socket directory = ${join(dir, "winbindd")}`,
      `ntp signd socket directory = ${join(dir, "ntp")}`,
      `log file = ${join(dir, "log", "log.%m")}`,
      "server services = ldap, cldap, kdc",
      "prefork children = 2",
      // Test data only: skipping fsync makes adds several times faster.
      "ldb:nosync = true",
    ];
    await run(
      "samba-tool",
      [
        "domain",
        "provision",
        `--targetdir=${dir}`,
        `--realm=${realm}`,
        "--domain=MBNTEST",
        "--server-role=dc",
        "--dns-backend=NONE",
        `--host-name=${host}`,
        `--host-ip=${ip}`,
        `--adminpass=${adminPassword}`,
        ...settings.map((s) => `--option=${s}`),
      ],
      { env: { ...process.env, PATH: SEARCH_PATH }, timeout: 90_000, maxBuffer: 16 * 1024 * 1024 },
    );
    const info: Omit<SambaDcInfo, "pid"> = {
      dir,
      ip,
      hostName: `${host}.${realm}`.toLowerCase(),
      realm,
      baseDn: "DC=mbntest,DC=example",
      ldapsUrl: `ldaps://${ip}:636`,
      ldapUrl: `ldap://${ip}:389`,
      ldapiUrl: `ldapi://${encodeURIComponent(join(dir, "private", "ldap_priv", "ldapi"))}`,
      caFile: join(dir, "private", "tls", "ca.pem"),
      adminUpn: `Administrator@${realm.toLowerCase()}`,
      adminPassword,
    };
    const pid = startSamba(dir, options.maxRuntimeS);
    const started = { ...info, pid };
    await writeFile(join(dir, "samba.pid"), String(pid));
    const until = Date.now() + 30_000;
    while (!(await ldapsBindAnswers(started))) {
      if (Date.now() > until || !isAlive(pid)) {
        await stopSambaDc(started);
        throw new Error(`Samba DC in ${dir} did not answer an LDAPS bind within 30 s; see ${dir}/log`);
      }
      await sleep(250);
    }
    return started;
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
}

function startSamba(dir: string, maxRuntimeS: number): number {
  const child = spawn(
    findProgram("samba") ?? "samba",
    [
      "--foreground",
      "--no-process-group",
      `--maximum-runtime=${maxRuntimeS}`,
      "-s",
      join(dir, "etc", "smb.conf"),
    ],
    { stdio: "ignore", detached: false },
  );
  child.unref();
  if (child.pid === undefined) throw new Error("could not start samba");
  return child.pid;
}

/** Running, and not a zombie left for a parent (or an init) that does not reap. */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3) !== "Z";
  } catch {
    return true;
  }
}

function descendants(pid: number): number[] {
  try {
    const children = readFileSync(`/proc/${pid}/task/${pid}/children`, "utf8")
      .trim()
      .split(/\s+/)
      .filter(Boolean)
      .map(Number);
    return children.flatMap((c) => [c, ...descendants(c)]);
  } catch {
    return [];
  }
}

/** SIGTERM to the DC we started (only that pid), wait for it to go, and remove its directory. */
export async function stopSambaDc(
  info: Pick<SambaDcInfo, "pid" | "dir">,
  options?: { keepDir?: boolean },
): Promise<void> {
  if (isAlive(info.pid)) {
    // Samba's own workers follow the master out; wait for them too, so nothing outlives the run.
    const family = [info.pid, ...descendants(info.pid)];
    process.kill(info.pid, "SIGTERM");
    const until = Date.now() + 10_000;
    while (family.some(isAlive) && Date.now() < until) await sleep(100);
    if (isAlive(info.pid)) process.kill(info.pid, "SIGKILL");
  }
  if (!options?.keepDir) await rm(info.dir, { recursive: true, force: true });
}
