import { messageIn, type Message } from "../../src/check/types.ts";

/** A check's message in English (tests match the English wording; plain strings pass through). */
export function en(message: Message | undefined): string {
  return message === undefined ? "" : messageIn(message, "en");
}
