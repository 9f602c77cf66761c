/**
 * The once-per-assessment value cache behind `CheckContext.shared`: the first check to ask for a
 * key computes it, every later one gets the same promise (one CSC session, one HSM survey).
 */
import type { CheckContext } from "./types.ts";

/**
 * A fresh cache. The computation's progress lines are labelled with the key, not with the check
 * that asked first: the value serves every check.
 */
export function sharedValues(log: (message: string) => void = () => {}): CheckContext["shared"] {
  const values = new Map<string, Promise<unknown>>();
  return <T>(key: string, compute: (log: (message: string) => void) => Promise<T>): Promise<T> => {
    let value = values.get(key) as Promise<T> | undefined;
    if (!value) {
      value = compute((m) => log(`[${key}] ${m}`));
      values.set(key, value);
    }
    return value;
  };
}
