/**
 * Generates a large audit log for the benchmark (design §7 format, ~300-byte records, a signed
 * checkpoint every `every` records), streaming to disk. Usage as a library: `generateLog()`;
 * from the command line: `node --import tsx bench/log-generate.ts OUT RECORDS` (prints cert paths).
 */
import { createHash, sign, type KeyObject } from "node:crypto";
import { closeSync, openSync, writeSync } from "node:fs";
import { CHECKPOINT_ALG, ZERO_HASH, checkpointMessage } from "../src/log/format.ts";

const EVENTS = ["auth.login", "credential.authorize", "signature.create", "auth.failure", "key.activate", "admin.action", "system.event"];

export interface GeneratedLog {
  file: string;
  records: number;
  bytes: number;
}

/** Writes `records` records to `file`, signing checkpoints with `key`. */
export function generateLog(file: string, records: number, key: KeyObject, every = 10_000, logId = "bench-log"): GeneratedLog {
  const fd = openSync(file, "w");
  let prev = ZERO_HASH;
  let time = Date.parse("2026-03-01T00:00:00.000Z");
  let out: string[] = [];
  let pending = 0;
  let bytes = 0;
  const flush = (): void => {
    const buf = Buffer.from(out.join(""), "utf8");
    writeSync(fd, buf);
    bytes += buf.length;
    out = [];
    pending = 0;
  };
  for (let seq = 0; seq < records; seq++) {
    const iso = new Date(time).toISOString();
    let line: string;
    if (seq > 0 && (seq % every === 0 || seq === records - 1)) {
      const sig = sign("sha256", checkpointMessage(logId, seq, prev), { key, dsaEncoding: "der" }).toString("base64");
      line = JSON.stringify({ seq, time: iso, event: "log.checkpoint", actor: "system", outcome: "success", detail: { logId, size: seq, head: prev, alg: CHECKPOINT_ALG, sig }, prev });
    } else {
      const event = EVENTS[seq % EVENTS.length]!;
      line = JSON.stringify({
        seq,
        time: iso,
        event,
        actor: `user-${(seq * 7919) % 5000}`,
        credentialID: `cred-${((seq * 104729) % 100000).toString(36).padStart(6, "0")}`,
        outcome: event === "auth.failure" ? "failure" : "success",
        detail: { requestId: `req-${seq.toString(16).padStart(10, "0")}`, client: "192.0.2.10", agent: "rssp-client/1.0", scal: 2 },
        prev,
      });
    }
    prev = createHash("sha256").update(line).digest("hex");
    out.push(line, "\n");
    time += 3;
    if (++pending >= 20_000) flush();
  }
  flush();
  closeSync(fd);
  return { file, records, bytes };
}
