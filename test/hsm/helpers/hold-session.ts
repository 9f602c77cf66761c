/**
 * Child process for the SIGINT test: opens the token, says "ready" on stdout, and waits inside the
 * session until interrupted. Usage: tsx hold-session.ts MODULE TOKEN (PIN in HOLD_PIN).
 */
import { withTokenSession } from "../../../src/hsm/token-session.ts";
import { secretFromValue } from "../../../src/config/secrets.ts";

const [module, token] = process.argv.slice(2) as [string, string];
await withTokenSession(
  { module, token, pin: secretFromValue(process.env.HOLD_PIN ?? "", "env:HOLD_PIN") },
  (open) =>
    new Promise<void>((_, reject) => {
      process.stdout.write("ready\n");
      open.signal.addEventListener("abort", () => reject(open.signal.reason));
      setTimeout(() => reject(new Error("never interrupted")), 30_000);
    }),
  { log: (m) => process.stderr.write(`${m}\n`) },
).catch((error: Error) => process.stderr.write(`stopped: ${error.message}\n`));
