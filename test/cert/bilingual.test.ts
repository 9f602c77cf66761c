/**
 * Japanese is a first language: every cert and tls check writes its summary and each observation's
 * expectation as { ja, en } — on the reference RSSP, and on the certs-bad profile whose failing and
 * advisory texts are shown too (observed values may be plain: values quoted as received).
 */
import { test } from "node:test";
import { assertFamilyBilingual } from "../helpers/bilingual.ts";

test("cert and tls checks: summaries and expectations are bilingual", async () => {
  await assertFamilyBilingual(["cert", "tls"]);
});

test("cert checks on faulty certificates (certs-bad, cert-no-signing-usage): the failing texts are bilingual too", async () => {
  await assertFamilyBilingual(["cert"], { fixture: { profile: "certs-bad", faults: ["cert-no-signing-usage", "cert-subject-shared"] } });
});
