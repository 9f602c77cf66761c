/**
 * log.chain.intact — the audit log's hash chain, seqs, checkpoints and their signatures verify,
 * the log-signing certificate chains to a trust anchor, no records sit after the last checkpoint
 * (beyond `log.unprotectedTail.maxRecords`, default 0), and the head kept from an earlier
 * assessment (`expectHead`) is still there. Without a certificate or trust anchor the signatures
 * cannot be judged: `error` unless the chain itself is already broken (`fail`).
 * Logs kept as rotated files sealed by time-stamp tokens or signed manifests (`logs[].layout`)
 * are judged the same way on their verifier's problems; a seal later than
 * `log.seal.maxDelaySeconds` after a file's last record is a finding (seal.late).
 */
import { defineCheck, type Observation } from "../../src/check/types.ts";
import { LOG_CHECK_TIMEOUT_MS, assessLogs, at, logFacts, unreadable } from "../../src/log/assess-log.ts";
import { problemObserved } from "../../src/log/problem-text.ts";
import { formatHead } from "../../src/log/format.ts";
import { displayPath } from "../../src/util/errors.ts";

const MAX_OBSERVATIONS = 50;
/** Problems that mean "could not judge", not "tampered". */
const UNJUDGED = new Set(["checkpoint.unverified", "cert.chain-unchecked", "head.unchecked"]);

export default defineCheck({
  id: "log.chain.intact",
  family: "log",
  title: { ja: "監査ログのハッシュチェーンと署名付きチェックポイントが完全である", en: "The audit log's hash chain and signed checkpoints are intact" },
  description: {
    ja: "各レコードのprevが直前の行のSHA-256と一致し、seqが連続し、チェックポイントの署名がトラストアンカーに連鎖するログ署名証明書で検証でき、最後のチェックポイント以降に保護されないレコードがなく、前回の評価で記録したヘッドが書き換えられていないことを確認する。",
    en: "Checks that every record's prev equals the SHA-256 of the line before it, seqs are consecutive, checkpoint signatures verify with a log-signing certificate chaining to the trust anchor, no records sit after the last checkpoint, and the head kept from an earlier assessment was not rewritten.",
  },
  needs: ["log"],
  parameters: ["log.seal.maxDelaySeconds", "log.rotation.maxGapSeconds", "log.unprotectedTail.maxRecords"],
  intrusive: false,
  timeoutMs: LOG_CHECK_TIMEOUT_MS,
  async run(ctx) {
    const maxTail = Number(ctx.parameters["log.unprotectedTail.maxRecords"] ?? 0);
    const all = await assessLogs(ctx);
    const observations: Observation[] = [];
    let failed = false;
    let unjudged = false;
    for (const a of all) {
      if (!a.verify.ok) {
        observations.push(unreadable(a.file, a.verify.error));
        unjudged = true;
        continue;
      }
      const o = a.verify.value;
      const name = displayPath(a.file);
      const head = o.head ?? o.fileHead;
      for (const p of o.problems) {
        if (UNJUDGED.has(p.code)) unjudged = true;
        const tailRecords = o.unprotectedTail?.records ?? Number.POSITIVE_INFINITY;
        const bad = p.severity === "error" || (p.code === "tail.unprotected" && tailRecords > maxTail);
        if (bad) failed = true;
        if (observations.length < MAX_OBSERVATIONS) {
          observations.push({ expected: { ja: "署名付きで完全なハッシュチェーン", en: "an intact, signed chain" }, observed: problemObserved(p), where: at(p.file, p.line, p.seq), subject: name, ok: !bad && !UNJUDGED.has(p.code) });
        }
      }
      observations.push({
        expected: { ja: "全レコードがチェーンでつながり、検証済みのチェックポイント署名で保護されている", en: "every record chained and covered by a verified checkpoint signature" },
        observed: {
          ja: `レコード${o.records}件、チェックポイント${o.checkpoints}件（検証済み${o.signedCheckpoints}件）、${o.intact ? "完全" : "完全でない"}${head ? `、ヘッド ${formatHead(head)}` : ""}`,
          en: `${o.records} record(s), ${o.checkpoints} checkpoint(s), ${o.signedCheckpoints} verified; ${o.intact ? "intact" : "NOT intact"}${head ? `; head ${formatHead(head)}` : ""}`,
        },
        where: name,
        subject: name,
        ok: o.intact,
      });
    }
    const facts = logFacts(all);
    if (failed) return { status: "fail", summary: ((n) => ({ ja: `監査ログが改ざんされているか保護されていない（指摘${n}件）`, en: `audit log tampered or not protected: ${n} finding(s)` }))(observations.filter((x) => x.ok === false).length), observations, facts };
    if (unjudged) {
      return { status: "error", summary: { ja: "チェーンは完全だが、署名または証明書を判定できなかった（ログ署名証明書、トラストアンカーまたは以前のセグメントがない）", en: "the chain is intact but signatures or certificates could not be judged (log-signing certificate, trust anchor or earlier segments missing)" }, observations, facts };
    }
    return { status: "pass", summary: { ja: `監査ログ${all.length}件が完全で、全レコードが検証済みのチェックポイントで保護されている`, en: `${all.length} log(s) intact, every record covered by a verified checkpoint` }, observations, facts };
  },
});
