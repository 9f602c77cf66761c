/**
 * log.secrets.absent — no record holds a PIN, OTP, password, SAD or token: fields named so with a
 * value, bearer tokens and JWTs anywhere, and the literal secrets of the assessor's test accounts.
 * Findings give the seq and the kind of secret, never the value.
 */
import { at, defineCountingLogCheck, knownSecrets } from "../../src/log/assess-log.ts";

export default defineCountingLogCheck({
  id: "log.secrets.absent",
  title: { ja: "監査ログに秘密情報が含まれない", en: "No secrets in the audit log" },
  description: {
    ja: "監査ログのレコードにPIN、OTP、パスワード、SAD、アクセストークンなどの秘密情報が含まれないことを、項目名・値の形式と、評価者が知るテストアカウントの秘密の値そのものとで確認する。検出結果には値を出力しない。",
    en: "Checks that no audit-log record contains a PIN, OTP, password, SAD or token, by field name and value shape and by the literal secrets of the assessor's test accounts. Findings never print the value.",
  },
  part: (a) => a.content,
  findings: (a, c) =>
    c.secrets.map((s) => ({
      expected: { ja: "レコードに秘密情報がない", en: "no secret in the record" },
      observed: s.kind === "known-value" ? { ja: `テストアカウントの秘密の値（${s.where}）`, en: `a test account's secret value in ${s.where}` } : { ja: `${s.kind}（${s.where}）`, en: `a ${s.kind} in ${s.where}` },
      where: at(s.file ?? a.file, s.line, s.seq),
    })),
  total: (_a, c) => ({ expected: { ja: "秘密情報なし", en: "no secrets" }, observed: { ja: `${c.records}件中 ${c.secretRecords}件に秘密情報`, en: `${c.secretRecords} of ${c.records} record(s) carry a secret` }, found: c.secretRecords, records: c.records }),
  fail: (hits) => ({ ja: `${hits}件のレコードに秘密情報が含まれる`, en: `${hits} record(s) carry a secret` }),
  pass(_found, _records, ctx) {
    const known = knownSecrets(ctx).length;
    return known > 0
      ? { ja: `秘密情報は見つからなかった（項目名、トークンの形式、既知のテストアカウントの秘密${known}件で確認）`, en: `no secrets found, by field names, token shapes and ${known} known test-account secret(s)` }
      : { ja: "秘密情報は見つからなかった（項目名とトークンの形式で確認。テストアカウントの秘密は未設定）", en: "no secrets found, by field names and token shapes (no test-account secrets configured)" };
  },
});
