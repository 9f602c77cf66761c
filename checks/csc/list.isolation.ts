/**
 * csc.list.isolation — `credentials/list` shows each signer only their own credentials: no ID
 * appears in two test signers' lists. Needs two signers that can log in.
 */
import { defineCheck } from "../../src/check/types.ts";
import { activeSigners, type SignerSession } from "../../src/csc/session.ts";
import { at, notApplicable, runProbe, conclude, oneLine, type Judged } from "../../src/csc/probe.ts";

/** Pairs of signers whose lists share IDs (pure). */
export function sharedListings(signers: Array<Pick<SignerSession, "listed"> & { id: string }>): Array<{ a: string; b: string; ids: string[] }> {
  const out: Array<{ a: string; b: string; ids: string[] }> = [];
  for (let i = 0; i < signers.length; i++) {
    for (let j = i + 1; j < signers.length; j++) {
      const ids = signers[i]!.listed.filter((id) => signers[j]!.listed.includes(id));
      if (ids.length) out.push({ a: signers[i]!.id, b: signers[j]!.id, ids });
    }
  }
  return out;
}

export default defineCheck({
  id: "csc.list.isolation",
  family: "csc",
  title: { ja: "credentials/listは呼出し者の鍵のみを示す", en: "credentials/list shows only the caller's credentials" },
  description: {
    ja: "複数の試験用署名者でcredentials/listを呼び、同じ鍵IDが複数の署名者に現れないことを確認する。",
    en: "Lists credentials as each test signer and confirms no credential ID appears in two signers' lists.",
  },
  needs: ["csc", "csc.signers.2"],
  intrusive: false,
  async run(ctx) {
    return runProbe(ctx, "csc.list.isolation", async ({ session }) => {
      const active = activeSigners(session);
      if (active.length < 2) return notApplicable({ ja: `アカウント不足: ログインできた試験用署名者は${active.length}人のみ`, en: `lack of accounts: only ${active.length} test signer(s) could log in` }, at(session, "auth/login", "logins"));
      const overlaps = sharedListings(active.map((s) => ({ id: s.account.id, listed: s.listed })));
      const judged: Judged[] = active.map((s) => {
        const foreign = overlaps.filter((o) => o.a === s.account.id || o.b === s.account.id).flatMap((o) => o.ids);
        return {
          status: foreign.length ? "fail" : "pass",
          observation: {
            expected: { ja: "呼出し者自身の鍵のみ", en: "only the caller's own credentials" },
            observed: foreign.length
              ? { ja: `他の署名者にも一覧される鍵を${foreign.length}個返す: ${oneLine([...new Set(foreign)].join(", "), 160)}`, en: `lists ${foreign.length} credential(s) also listed for another signer: ${oneLine([...new Set(foreign)].join(", "), 160)}` }
              : { ja: `鍵${s.listed.length}個、いずれも他の署名者には一覧されない`, en: `${s.listed.length} credential(s), none listed for another signer` },
            where: at(session, "credentials/list", `as ${s.account.id}`),
            subject: s.account.id,
            ok: foreign.length === 0,
          },
        };
      });
      return conclude(judged, { pass: { ja: `署名者${active.length}人の一覧は互いに重ならない`, en: `${active.length} signers' lists are disjoint` }, fail: { ja: "credentials/listが他の利用者の鍵を明かす", en: "credentials/list reveals other users' credentials" } });
    });
  },
});
