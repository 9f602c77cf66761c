/**
 * Bilingual messages (`Message` = `{ ja, en }` or a plain, untranslated string): joining and
 * prefixing them without losing either language. Pure.
 */
import { messageIn, type Message, type Text } from "./types.ts";

export { messageIn };

/** A bilingual text, written Japanese first as reports show it. */
export const text = (ja: string, en: string): Text => ({ ja, en });

/** Concatenates parts; a plain string part is the same in both languages. */
export function concat(...parts: Message[]): Message {
  if (parts.every((p) => typeof p === "string")) return parts.join("");
  return { ja: parts.map((p) => messageIn(p, "ja")).join(""), en: parts.map((p) => messageIn(p, "en")).join("") };
}

/** Joins messages with a separator (`; ` by default). */
export function join(parts: readonly Message[], separator = "; "): Message {
  const out: Message[] = [];
  parts.forEach((p, i) => {
    if (i > 0) out.push(separator);
    out.push(p);
  });
  return out.length ? concat(...out) : "";
}

/** Whether a message is empty in both languages. */
export function isEmpty(message: Message): boolean {
  return messageIn(message, "en") === "" && messageIn(message, "ja") === "";
}
