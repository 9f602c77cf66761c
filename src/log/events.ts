/**
 * The event vocabulary of the audit log (design §7) and the event classes the guideline requires
 * a provider to record (JT2A remote-signature guideline, record keeping).
 */
import type { Text } from "../check/types.ts";

/** Every documented `event` value. Providers may log more; these are the ones checks look for. */
export const EVENT_VOCABULARY = [
  "identity.proofing",
  "auth.login",
  "auth.failure",
  "key.generate",
  "key.activate",
  "key.destroy",
  "key.backup",
  "credential.authorize",
  "signature.create",
  "credential.suspend",
  "admin.action",
  "system.event",
  "log.checkpoint",
] as const;

export type EventName = (typeof EVENT_VOCABULARY)[number];

/** A class of events that must appear in the log, and which records count for it. */
export interface RequiredEventClass {
  id: string;
  title: Text;
  /** Whether a record (its event and outcome) belongs to the class. */
  matches(event: string, outcome: unknown): boolean;
}

const is = (...names: EventName[]) => (event: string) => (names as string[]).includes(event);

export const REQUIRED_EVENT_CLASSES: readonly RequiredEventClass[] = [
  { id: "identity-proofing", title: { ja: "本人確認", en: "identity proofing" }, matches: is("identity.proofing") },
  { id: "key-generation", title: { ja: "署名鍵の生成", en: "key generation" }, matches: is("key.generate") },
  { id: "key-activation", title: { ja: "署名鍵の活性化", en: "key activation" }, matches: is("key.activate", "credential.authorize") },
  { id: "key-destruction", title: { ja: "署名鍵の破棄", en: "key destruction" }, matches: is("key.destroy") },
  { id: "signing", title: { ja: "署名生成", en: "signature creation" }, matches: is("signature.create") },
  { id: "auth-success", title: { ja: "利用者認証の成功", en: "user authentication success" }, matches: (e, o) => e === "auth.login" && o === "success" },
  { id: "auth-failure", title: { ja: "利用者認証の失敗", en: "user authentication failure" }, matches: (e, o) => e === "auth.failure" || (e === "auth.login" && o === "failure") },
  { id: "system", title: { ja: "重要なシステムイベント", en: "significant system events" }, matches: is("system.event") },
  { id: "admin", title: { ja: "管理者操作", en: "administrative actions" }, matches: is("admin.action") },
];
