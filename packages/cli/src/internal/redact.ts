/**
 * A Redis URL with its password replaced by `***`, for messages: the same as
 * `@weft/cluster/Url`'s `redact`, here so that checking a `--redis` flag does
 * not need `@weft/cluster`, which a local install does without
 * (internal/optional.ts).
 */
export const redact = (url: string): string => url.replace(/\/\/([^@/]*):([^@/]*)@/, "//$1:***@")
