/**
 * Run as a child process (the native scanner reads RSSP_AUDIT_LOG_THREADS once, when it loads):
 * verifies the log files named on the command line with the native scanner and prints the
 * outcome as JSON, so a test can compare it with the pure-JS verifier's in its own process.
 */
import { readFileSync } from "node:fs";
import { verifyLog } from "../../../src/log/verify-files.ts";

const [certFile, anchorFile, ...files] = process.argv.slice(2);
const outcome = await verifyLog(files, { scanner: "native", certPem: readFileSync(certFile!, "utf8"), trustAnchorsPem: [readFileSync(anchorFile!, "utf8")] });
process.stdout.write(JSON.stringify(outcome));
