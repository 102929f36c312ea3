/**
 * Redis URLs in messages: the password never shows. Dependency-free, so that
 * a command line can use it without loading the Redis client.
 *
 * @since 0.1.0
 */

/**
 * A URL with its password replaced by `***`, for messages and logs.
 *
 * @example
 * redact("redis://:s3cret@host:6379") // "redis://:***@host:6379"
 * @since 0.1.0
 * @category utils
 */
export const redact = (url: string): string => url.replace(/\/\/([^@/]*):([^@/]*)@/, "//$1:***@")
