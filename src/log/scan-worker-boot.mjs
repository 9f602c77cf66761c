// Entry of the scanning worker threads: registers tsx (the toolkit runs from TypeScript sources,
// and worker threads do not inherit a loader registered at run time), then loads the worker.
import { register } from "tsx/esm/api";

register();
await import("./scan-worker.ts");
