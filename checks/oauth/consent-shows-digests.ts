/**
 * oauth.consent-shows-digests — the consent page shows the digests being authorised. Read in the browser: the provider's consent page must show every digest the signer is about to authorise (the signer knows what is signed). The screenshots of each step are kept as evidence, secret fields masked before anything was typed.
 * (Judged from the shared OAuth session: src/oauth/session.ts, src/oauth/flows.ts.)
 */
import { defineCheck } from "../../src/check/types.ts";
import { withOAuth, verdict } from "../../src/oauth/judge.ts";
import { OAUTH_BASES } from "../../src/oauth/bases.ts";
import { endpoints } from "../../src/oauth/session.ts";
import { bindingProbe } from "../../src/oauth/flows.ts";

export default defineCheck({
  id: "oauth.consent-shows-digests",
  family: "oauth",
  title: { ja: "同意画面に認可対象のハッシュ値が表示される", en: "The consent page shows the digests being authorised" },
  description: {
    ja: "ブラウザで確認する：事業者の同意画面は、署名者が認可しようとする全てのハッシュ値を表示しなければならない。各段階のスクリーンショットを証跡として保存する（秘密の入力欄は入力前にマスクする）。",
    en: "Read in the browser: the provider's consent page must show every digest the signer is about to authorise (the signer knows what is signed). The screenshots of each step are kept as evidence, secret fields masked before anything was typed.",
  },
  needs: ["csc"],
  intrusive: false,
  timeoutMs: 90_000,
  async run(ctx) {
    return withOAuth(ctx, "OAuth 2.0 (oauth.consent-shows-digests)", async (s) => {
      const p = await bindingProbe(ctx, s);
      const text = (p.consentText ?? "").replace(/\s+/g, "");
      const forms = (h: string) => { const b = Buffer.from(h, "base64"); return [b.toString("base64"), b.toString("base64url"), b.toString("hex"), b.toString("hex").toUpperCase()]; };
      const missing = p.hashes.filter((h) => !forms(h).some((f) => text.includes(f.replace(/=+$/, ""))));
      const screenshots = s.screenshots.slice(0, 12).map((x) => ({ name: x.name, mediaType: "image/png", content: x.png }));
      return verdict(missing.length === 0, { expected: { ja: `同意画面にハッシュ値${p.hashes.length}個が表示される`, en: `${p.hashes.length} digest(s) shown on the consent page` }, observed: p.consentText === undefined ? { ja: "同意画面の文言を読み取っていない（レシピの手順 read: consent）", en: "no consent text read (recipe step read: consent)" } : missing.length === 0 ? { ja: "すべてのハッシュ値が表示される", en: "every digest is shown" } : { ja: `ハッシュ値${p.hashes.length}個中${missing.length}個が表示されない`, en: `${missing.length} of ${p.hashes.length} digest(s) not shown` }, where: `${endpoints(s).authorize} (consent page, in the browser)`, subject: p.credential.credentialID }, { pass: { ja: "同意画面に認可対象のハッシュ値が表示される", en: "the consent page shows the digests" }, fail: { ja: "同意画面に認可対象のハッシュ値が表示されない", en: "the consent page does not show the digests being authorised" } }, OAUTH_BASES.consent, screenshots);
    });
  },
});
