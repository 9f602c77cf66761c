/**
 * Defaults of the sealed layouts that the CLI, the checks and the verifiers share, in a module
 * of their own so that importing them loads nothing else.
 */

/** Late-seal threshold, as the catalog's `log.seal.maxDelaySeconds` default (controls/catalog.yaml). */
export const DEFAULT_MAX_SEAL_DELAY_SECONDS = 3600;

/**
 * Longest silence between one rotated file's last record and the next file's first, as the
 * catalog's `log.rotation.maxGapSeconds` default: a longer one is a rotation gap by time (a whole
 * file deleted and the later ones renamed so the names stay consecutive, or a period with no file).
 */
export const DEFAULT_MAX_ROTATION_GAP_SECONDS = 86_400;
