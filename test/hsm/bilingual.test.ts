/**
 * Japanese is a first language: every hsm check writes its summary and each observation's
 * expectation as { ja, en } on the reference RSSP (observed values may be plain: values quoted as
 * received).
 */
import { test } from "node:test";
import { assertFamilyBilingual } from "../helpers/bilingual.ts";

test("hsm checks (intrusive included): summaries and expectations are bilingual", async () => {
  await assertFamilyBilingual(["hsm"]);
});
