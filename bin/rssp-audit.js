#!/usr/bin/env node
// Entry point of the `rssp-audit` command. The toolkit ships as TypeScript and runs through
// tsx's loader, so there is no build step to forget and no stale dist/ to run by mistake.
import { register } from "tsx/esm/api";

register();
const { main } = await import("../src/cli/main.ts");
process.exitCode = await main(process.argv);
