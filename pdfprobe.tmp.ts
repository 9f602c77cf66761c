import { writeFileSync } from "node:fs";
import { renderPdf } from "./reports/pdf.ts";
import { knownReport } from "./test/reports/helpers/known.ts";
for (const lang of ["ja", "en"] as const) writeFileSync(`/tmp/i17-known.${lang}.pdf`, await renderPdf(knownReport(), lang));
