// Module hooks (node:module register) that append every loaded file: URL of this project to
// $RSSP_AUDIT_TRACE_LOADS, so a test can see which modules a command line loaded.
import { appendFileSync } from "node:fs";

export async function load(url, context, nextLoad) {
  if (url.startsWith("file:") && !url.includes("/node_modules/")) appendFileSync(process.env.RSSP_AUDIT_TRACE_LOADS, `${url}\n`);
  return nextLoad(url, context);
}
