import { readFileSync } from "node:fs";
import { assetPath } from "./util/package-root.ts";

/** The toolkit's version, from package.json. */
export const TOOL_VERSION: string = (
  JSON.parse(readFileSync(assetPath("package.json"), "utf8")) as { version: string }
).version;
