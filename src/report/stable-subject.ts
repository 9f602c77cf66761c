/**
 * A subject as it stays from one run to the next: an absolute file path by its file name (a log
 * verified from another folder, the reference RSSP's fresh working folder), a URL without its
 * origin (the target is the same; the reference RSSP's port is not).
 */
export function stableSubject(subject: string): string {
  return subject.replace(/(^|[\s(])\/(?:[^/\s]+\/)+([^/\s]+)/g, "$1$2").replace(/\bhttps?:\/\/[^/\s]+/gi, "");
}
