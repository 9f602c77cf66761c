import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { generateKeyPairSync } from "node:crypto";
import { Ajv } from "ajv";
import { cleanLog } from "./helpers/log-writer.ts";

test("evidence-schemas/audit-log.schema.json accepts the documented records and checkpoints", () => {
  const schema = JSON.parse(readFileSync(new URL("../../evidence-schemas/audit-log.schema.json", import.meta.url), "utf8"));
  const validate = new Ajv({ strict: false }).compile(schema);
  const { privateKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
  for (const line of cleanLog(30, 10, { key: privateKey }).lines) assert.ok(validate(JSON.parse(line)), JSON.stringify(validate.errors));
  const checkpoint = JSON.parse(cleanLog(3, 10, { key: privateKey }).lines.at(-1)!);
  assert.equal(validate({ ...checkpoint, detail: { ...checkpoint.detail, sig: undefined } }), false, "a checkpoint needs sig");
  assert.equal(validate({ ...checkpoint, time: "2026-01-01T00:00:00Z" }), false, "milliseconds required");
});
