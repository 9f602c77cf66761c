/**
 * What each log verifier problem code means, in Japanese and English, for reports. The verifier's
 * own messages (the verifier) are English and carry the details (seqs, hashes); a `--lang ja` report
 * shows this label instead, with line and seq in their own columns. Pure data.
 */
import type { Text } from "../check/types.ts";
import type { ProblemCode, VerifyProblem } from "./problems.ts";

/** Every code has its text: a new code without one does not compile. */
export const LOG_PROBLEM_TEXT: Record<ProblemCode, Text> = {
  "log.empty": { ja: "ログにレコードが一件もない", en: "the log has no record" },
  "problems.capped": { ja: "問題が多すぎるため、以降は件数のみ記録した", en: "too many problems: the rest are only counted" },
  "record.malformed": { ja: "規定の形式ではないレコード", en: "a record not in the documented form" },
  "record.too-long": { ja: "上限を超える長さのレコード（ハッシュのみ計算）", en: "a record longer than the limit (hashed, not parsed)" },
  "record.unterminated": { ja: "最終行が改行で終わっていない（書込みの途中又は切断）", en: "the last line is unterminated (a partial write or a cut)" },
  "record.modified": { ja: "レコードが改変されている（次のレコードの prev と一致しない）", en: "a record was modified (its hash no longer matches the next prev)" },
  "record.deleted": { ja: "レコードが削除されている", en: "records were deleted" },
  "record.inserted": { ja: "チェーンに属さないレコードが挿入されている", en: "a record not in the chain was inserted" },
  "record.reordered": { ja: "レコードの順序が入れ替えられている", en: "a record is at the wrong place" },
  "chain.broken": { ja: "ハッシュチェーンが途切れている", en: "the hash chain is broken" },
  "chain.starts-mid-log": { ja: "ログがチェーンの途中から始まっている（前の区間が提出されていない）", en: "the log starts mid-chain (earlier segments not supplied)" },
  "seq.gap": { ja: "連番が飛んでいる", en: "the sequence number jumps" },
  "seq.out-of-order": { ja: "連番が増加していない", en: "the sequence number does not increase" },
  "time.backwards": { ja: "時刻が前のレコードより前になっている", en: "the time is earlier than the previous record's" },
  "checkpoint.malformed": { ja: "チェックポイントの形式が不正", en: "a malformed checkpoint" },
  "checkpoint.missing-signature": { ja: "チェックポイントに署名がない", en: "a checkpoint without signature" },
  "checkpoint.bad-signature": { ja: "チェックポイントの署名がログ署名用証明書で検証できない", en: "a checkpoint signature does not verify" },
  "checkpoint.unsupported-alg": { ja: "チェックポイントの署名アルゴリズムに対応していない", en: "a checkpoint signature algorithm is not supported" },
  "checkpoint.size-mismatch": { ja: "チェックポイントのサイズが連番と一致しない", en: "a checkpoint's size differs from its seq" },
  "checkpoint.head-mismatch": { ja: "チェックポイントの先頭値が直前のレコードと一致しない", en: "a checkpoint's head differs from its prev" },
  "checkpoint.log-id-changed": { ja: "チェックポイントのログ識別子が変わっている", en: "a checkpoint names another log ID" },
  "checkpoint.unverified": { ja: "証明書が提出されず、チェックポイントの署名を検証していない", en: "no certificate: checkpoint signatures were not verified" },
  "checkpoint.alg-key-mismatch": { ja: "ログ署名用証明書の鍵がチェックポイントの署名アルゴリズムに対応しない", en: "the log-signing certificate's key does not fit the checkpoint's algorithm" },
  "file.unsealed": { ja: "タイムスタンプトークンのないログファイル", en: "a log file without its time-stamp token" },
  "file.deleted": { ja: "トークン又はマニフェストに記載されたログファイルが存在しない（削除）", en: "a log file its token or manifest covers is gone" },
  "file.modified": { ja: "ログファイルのダイジェストがトークン又はマニフェストの値と一致しない（改変）", en: "the file's digest differs from what its token or manifest covers" },
  "file.truncated": { ja: "ログファイルが途中で切り詰められている", en: "the log file was cut short" },
  "file.unlisted": { ja: "どのマニフェストにも記載されていないログファイル", en: "a log file no manifest lists" },
  "rotation.gap": { ja: "ローテーションの順序にファイルの欠落がある", en: "files are missing from the rotation sequence" },
  "rotation.overlap": { ja: "ファイルの順序が前後している（連番又は時刻がファイル間で戻る）", en: "files out of order: seq or time goes back across files" },
  "seal.early": { ja: "タイムスタンプの時刻より後の日時のレコードがある（封印後の書込み）", en: "records dated after the token's genTime (written after sealing)" },
  "seal.after-next": { ja: "次のファイルが始まった後にタイムスタンプが付与されている", en: "sealed after the next file had started" },
  "seal.late": { ja: "最終レコードから許容時間を超えてタイムスタンプが付与されている", en: "sealed long after the file's last record" },
  "manifest.malformed": { ja: "規定の形式ではないマニフェスト", en: "a manifest not in the documented form" },
  "manifest.unsigned": { ja: "署名（.p7s 又は .jws）のないマニフェスト", en: "a manifest without its signature (.p7s or .jws)" },
  "manifest.bad-signature": { ja: "マニフェストの署名が検証できない（内容の差替え）", en: "the manifest's signature does not verify (content replaced)" },
  "manifest.untrusted": { ja: "マニフェストの署名者がトラストアンカーに連鎖しない（再署名）", en: "the manifest's signer does not chain to a trust anchor (re-signed)" },
  "manifest.missing": { ja: "マニフェストの連番に欠落がある", en: "a manifest is missing from the chain" },
  "manifest.replaced": { ja: "次のマニフェストが記載する直前のダイジェストと一致しない（差替え）", en: "the next manifest's prev is not this manifest's digest (replaced)" },
  "manifest.inconsistent": { ja: "ダイジェストは一致するが、レコード数又は最初・最後の時刻がマニフェストの記載と異なる", en: "a listed file's records or first/last differ though its digest matches" },
  "cert.invalid": { ja: "ログ署名用証明書を読めない、又は鍵が使用できない", en: "the log-signing certificate is unreadable or its key unusable" },
  "cert.untrusted": { ja: "ログ署名用証明書がトラストアンカーに連鎖しない", en: "the log-signing certificate does not chain to a trust anchor" },
  "cert.chain-unchecked": { ja: "トラストアンカーが提出されず、証明書の連鎖を確認していない", en: "no trust anchor: the certificate chain was not checked" },
  "cert.expired": { ja: "チェックポイントの時刻にログ署名用証明書が有効でない", en: "the log-signing certificate was not valid at the checkpoint's time" },
  "tail.unprotected": { ja: "最後の署名付きチェックポイント以降のレコードが保護されていない", en: "records after the last signed checkpoint are unprotected" },
  "tst.invalid": { ja: "タイムスタンプトークンが有効でない", en: "an invalid time-stamp token" },
  "tst.imprint-mismatch": { ja: "タイムスタンプトークンが別のデータに対するものである", en: "the time-stamp token covers other data" },
  "tst.untrusted": { ja: "タイムスタンプ局がトラストアンカーに連鎖しない", en: "the TSA does not chain to a trust anchor" },
  "tst.time": { ja: "チェックポイントの時刻がタイムスタンプの時刻より後になっている", en: "the checkpoint claims a time after the token's genTime" },
  "tst.chain-unchecked": { ja: "TSA のトラストアンカーが提出されず、タイムスタンプ局を確認していない", en: "no TSA trust anchor: the TSA was not checked" },
  "head.truncated": { ja: "前回調査で保管した先頭値より前でログが終わっている（切詰め）", en: "the log ends before the expected head (truncated)" },
  "head.rewritten": { ja: "前回調査で保管した先頭値のレコードが書き換えられている", en: "the record at the expected head was rewritten" },
  "head.unchecked": { ja: "ログが前回の先頭値より後から始まるため、照合できない", en: "the log starts after the expected head: not compared" },
};

/** The label of a problem code; an unknown code is shown as itself. */
export function logProblemText(code: string): Text {
  return (LOG_PROBLEM_TEXT as Record<string, Text>)[code] ?? { ja: code, en: code };
}

/**
 * A problem as a check's observation: the code, then in Japanese the code's label and in English
 * the verifier's own message (its details — seqs, hashes — are English and also in `where`).
 */
export function problemObserved(p: Pick<VerifyProblem, "code" | "message">): Text {
  return { ja: `${p.code}: ${logProblemText(p.code).ja}`, en: `${p.code}: ${p.message}` };
}
