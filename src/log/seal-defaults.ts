/**
 * Defaults of the sealed layouts that the CLI, the checks and the verifiers share, in a module
 * of their own so that importing them loads nothing else.
 */

/** Late-seal threshold, as the catalog's `log.seal.maxDelaySeconds` default (controls/catalog.yaml). */
export const DEFAULT_MAX_SEAL_DELAY_SECONDS = 3600;
