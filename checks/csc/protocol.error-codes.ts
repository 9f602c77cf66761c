/**
 * csc.protocol.error-codes — errors carry the status and `error` the method table of the
 * announced version names: auth/login with a wrong password 400 `authentication_error`
 * (v1.0.4.0 §11.2, v2.0.0.2 §11.2: "Authentication error"); credentials/authorize with a wrong PIN
 * 400 `invalid_pin` on v1 (§11.6 "Invalid PIN") and 400 `invalid_authentication_data` on v2
 * (§11.6 "Invalid authentication data": v2 has no `invalid_pin`). The login is tried for an
 * account name made up here (no real account's failure counter moves); the wrong PIN is the shared
 * protocol scenario's, right before its correct authorization.
 */
import { randomBytes } from "node:crypto";
import { defineCheck } from "../../src/check/types.ts";
import { at, oneLine, runProbe, type Judged } from "../../src/csc/probe.ts";
import { announcedVersion, concludeProtocol, cscBasis, rule, type CscVersion } from "../../src/csc/protocol.ts";
import { describeReply, type CscReply } from "../../src/csc/client.ts";
import { protocolSigning } from "../../src/csc/protocol-signing.ts";

const seen = (r: CscReply) => oneLine(`HTTP ${r.status} ${r.error ?? "(no error)"}`, 120);

/** Judges a refused login (pure). */
export function judgeLoginError(version: CscVersion, reply: CscReply, where: string): Judged {
  const ok = reply.status === 400 && reply.error === "authentication_error";
  return rule(ok, {
    expected: { ja: "誤ったパスワードのauth/loginは400 authentication_error", en: "auth/login with a wrong password: 400 authentication_error" },
    observed: reply.ok ? { ja: "ログインできた", en: "logged in" } : seen(reply),
    where,
    basis: cscBasis(version, { v1: { ja: "11.2 認証エラー → 400 authentication_error", en: "11.2 Authentication error → 400 authentication_error" }, v2: { ja: "11.2 認証エラー → 400 authentication_error", en: "11.2 Authentication error → 400 authentication_error" } }),
  });
}

/** Judges a refused wrong PIN (pure): the version's error code. */
export function judgeWrongPinError(version: CscVersion, reply: CscReply, where: string): Judged {
  const code = version === "v1" ? "invalid_pin" : "invalid_authentication_data";
  const ok = reply.status === 400 && reply.error === code;
  const v1OnV2 = version === "v2" && (reply.error === "invalid_pin" || reply.error === "invalid_otp");
  return rule(ok, {
    expected: { ja: `誤ったPINのcredentials/authorizeは400 ${code}`, en: `credentials/authorize with a wrong PIN: 400 ${code}` },
    observed: reply.ok
      ? { ja: "SADが発行された", en: "a SAD was issued" }
      : v1OnV2
        ? { ja: `v2でv1のエラー名: ${seen(reply)}`, en: `a v1 error name on v2: ${seen(reply)}` }
        : seen(reply),
    where,
    basis: cscBasis(version, { v1: { ja: "11.6 不正なPIN → 400 invalid_pin", en: "11.6 Invalid PIN → 400 invalid_pin" }, v2: { ja: "11.6 認証データが不正 → 400 invalid_authentication_data", en: "11.6 Invalid authentication data → 400 invalid_authentication_data" } }),
  });
}

export default defineCheck({
  id: "csc.protocol.error-codes",
  family: "csc",
  title: { ja: "エラー応答は宣言した版のメソッド表に従う", en: "Errors follow the method tables of the announced version" },
  description: {
    ja: "架空のアカウント名での誤ったログインと、誤ったPINでの鍵認可（1回、直後に正しく認可）のエラーが、宣言したCSC版のメソッド表のHTTPステータスとerrorであることを確認する（相互運用性。ガイドラインの本文外）。",
    en: "Confirms that a wrong login (for a made-up account name) and one wrong PIN (followed by a correct authorization) are answered with the HTTP status and error of the announced version's method tables (interoperability, beyond the guideline's text).",
  },
  needs: ["csc", "csc.signer"],
  intrusive: false,
  async run(ctx) {
    return runProbe(ctx, "csc.protocol.error-codes", async ({ session, t, uses }) => {
      const version = announcedVersion(session.info.body.specs, session.client.version);
      const user = `rssp-audit-nobody-${randomBytes(4).toString("hex")}`;
      const login = await session.client.login(t, user, randomBytes(12).toString("base64url"), ctx.signal);
      const judged = [judgeLoginError(version, login, at(session, "auth/login", `wrong password for ${user}`))];
      const s = await protocolSigning(ctx);
      const where = at(session, "credentials/authorize", "wrong PIN");
      if ("unavailable" in s || !s.wrongPin) {
        judged.push({ status: "pass", observation: { expected: { ja: "誤ったPINのエラーコード", en: "the error code of a wrong PIN" }, observed: { ja: "単一要素のRSA認証情報がなく未確認", en: "not tried: no single-factor RSA credential" }, where, ok: true } });
      } else {
        uses(s.transcript);
        judged.push(judgeWrongPinError(version, s.wrongPin, `${where}, ${s.credential.credentialID}`));
      }
      return concludeProtocol(judged, {
        pass: { ja: "エラー応答はメソッド表どおり", en: "errors as the method tables say" },
        fail: { ja: "エラー応答がメソッド表と異なる", en: "errors depart from the method tables" },
      });
    });
  },
});
