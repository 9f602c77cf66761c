// `node --import ./trace-loads.mjs …`: registers trace-hooks.mjs.
import { register } from "node:module";

register("./trace-hooks.mjs", import.meta.url);
