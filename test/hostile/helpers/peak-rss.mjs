// `node --import ./peak-rss.mjs …`: at exit, writes the process's peak RSS (KiB, getrusage) to
// $RSSP_AUDIT_PEAK_RSS_FILE, so a test can bound the memory a command line used.
import { writeFileSync } from "node:fs";

process.on("exit", () => writeFileSync(process.env.RSSP_AUDIT_PEAK_RSS_FILE, String(process.resourceUsage().maxRSS)));
