/**
 * csc.sad.single-use — a SAD for one signature, once used, is refused the second time (the same
 * hash sent again). Runs on the cheapest credential, once per signing route: signHash (or signDoc
 * where the provider offers only that) and, where info lists signDoc beside signHash, signDoc with
 * a SAD of its own (one authorization more; no code more on a single-factor credential).
 */
import { defineCheck } from "../../src/check/types.ts";
import { authorize, randomDigests } from "../../src/csc/activation.ts";
import { describeReply } from "../../src/csc/client.ts";
import { cheapCredential, type CscSession } from "../../src/csc/session.ts";
import type { CredentialDescription } from "../../src/csc/credentials.ts";
import type { Transcript } from "../../src/csc/transcript.ts";
import { excludedByScope } from "../../src/csc/credential-scope.ts";
import { CHEAP_PROBE_TIMEOUT_MS } from "../../src/csc/scenarios.ts";
import { routeWhere, signingRoutes, signVia, type SigningRoute } from "../../src/csc/signdoc/routes.ts";
import { at, cannotConclude, mustRefuse, runProbe, conclude, oneLine, type Judged } from "../../src/csc/probe.ts";

/** One route: authorize 1, use, use again; the second use must be refused. */
async function probeRoute(session: CscSession, t: Transcript, c: CredentialDescription, route: SigningRoute, signal: AbortSignal | undefined): Promise<Judged> {
  const where = (step: string) => routeWhere(session, route, step);
  const expected = { ja: `使用済みSADの拒否（${route}）`, en: `a refusal of the used SAD (${route})` };
  const hashes = randomDigests(1);
  const a = await authorize(session, t, c, { numSignatures: 1, hashes, step: `authorize 1 signature for ${route}` }, signal);
  if (!a.sad) return { status: "error", observation: { expected, observed: { ja: `認可が拒否された: ${oneLine(describeReply(a.reply))}`, en: `authorize refused: ${oneLine(describeReply(a.reply))}` }, where: at(session, "credentials/authorize", c.credentialID), subject: c.credentialID, ok: false } };
  const first = await signVia(route, session, t, c, { sad: a.sad, hashes, step: "first use of the SAD" }, signal);
  if (!first.ok) return { status: "error", observation: { expected, observed: { ja: `SADの最初の使用が拒否された: ${oneLine(describeReply(first))}`, en: `the first use of the SAD was refused: ${oneLine(describeReply(first))}` }, where: where("first use"), subject: c.credentialID, ok: false } };
  const second = await signVia(route, session, t, c, { sad: a.sad, hashes, step: "second use of the same SAD" }, signal);
  return mustRefuse(second, expected, where(`second use, ${c.credentialID}`), { ja: `SADで2回目の署名ができた（再使用可能なSAD、${route}）`, en: `the SAD signed a second time (reusable SAD, ${route})` }, c.credentialID);
}

export default defineCheck({
  id: "csc.sad.single-use",
  family: "csc",
  title: { ja: "SADは一度だけ使用できる", en: "A SAD can be used only once" },
  description: {
    ja: "numSignatures=1で認可したSADで一度署名した後、同じSADで再度署名を要求し、拒否されることを確認する（signHashとsignDocの両方が提供されていれば両方で）。",
    en: "Signs once with a SAD authorized for one signature, then sends the same request again and expects a refusal (through signHash and signDoc where both are offered).",
  },
  needs: ["csc", "csc.signer"],
  intrusive: false,
  timeoutMs: CHEAP_PROBE_TIMEOUT_MS,
  async run(ctx) {
    return runProbe(ctx, "csc.sad.single-use", async ({ session, t }) => {
      const c = cheapCredential(session);
      if (!c) return excludedByScope(session.excluded) ?? cannotConclude({ ja: "評価者が認可できる鍵がない", en: "no credential the assessor can authorize" }, at(session, "credentials/list", "credentials"));
      const judged: Judged[] = [];
      for (const route of signingRoutes(session)) judged.push(await probeRoute(session, t, c, route, ctx.signal));
      return conclude(judged, {
        pass: { ja: "使用済みのSADは拒否される", en: "a used SAD is refused" },
        fail: { ja: "SADを2回使える", en: "a SAD can be used twice" },
      });
    });
  },
});
