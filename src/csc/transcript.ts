/**
 * A transcript of CSC exchanges, kept as a check's raw evidence. Entries are redacted by field
 * name as they are recorded, and by value when serialised (secrets seen later are scrubbed too).
 * Response bodies are attacker-controlled: they are stored as data, truncated to 16 KiB.
 */
import { redactDeep, redactFields, type SecretRegistry } from "./redact.ts";

export interface Exchange {
  /** Order within the transcript. */
  seq: number;
  /** What the probe was doing, e.g. `authorize with a wrong PIN`. */
  step: string;
  method: string;
  url: string;
  startedAt: string;
  durationMs: number;
  request: { headers: Record<string, string>; body: unknown };
  response?: { status: number; contentType: string; body: unknown };
  /** Transport failure (timeout, size limit, TLS), one line. */
  error?: string;
}

const MAX_STORED_BODY = 16_384;

export class Transcript {
  readonly name: string;
  readonly exchanges: Exchange[] = [];
  /** Notes for the reader (waits for a TOTP step, reused authorizations). */
  readonly notes: string[] = [];

  constructor(name: string) {
    this.name = name;
  }

  record(entry: Omit<Exchange, "seq">): void {
    const headers = Object.fromEntries(Object.entries(entry.request.headers).map(([k, v]) => [k, /^authorization$/i.test(k) ? `${v.split(" ")[0]} [redacted]` : v]));
    this.exchanges.push({
      ...entry,
      seq: this.exchanges.length + 1,
      request: { headers, body: redactFields(entry.request.body) },
      ...(entry.response ? { response: { ...entry.response, body: redactFields(entry.response.body) } } : {}),
    });
  }
}

/** The stored form of a response body: parsed JSON when it is JSON, else (truncated) text. */
export function storedBody(contentType: string, body: Buffer): unknown {
  const text = body.subarray(0, MAX_STORED_BODY).toString("utf8");
  if (/json/i.test(contentType) || /^\s*[{[]/.test(text)) {
    try {
      return JSON.parse(body.toString("utf8")) as unknown;
    } catch {
      /* fall through: kept as text */
    }
  }
  return body.length > MAX_STORED_BODY ? `${text}… (${body.length} bytes)` : text;
}

/** The evidence file content for a set of transcripts, scrubbed of every secret known by now. */
export function transcriptsJson(transcripts: Transcript[], secrets: SecretRegistry): string {
  const unique = [...new Set(transcripts)];
  const doc = unique.map((t) => ({ name: t.name, notes: t.notes, exchanges: t.exchanges }));
  return `${JSON.stringify(redactDeep(doc, secrets), null, 2)}\n`;
}
