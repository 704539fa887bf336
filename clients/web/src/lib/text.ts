/** Words for numbers, so that the client never says "1 entities". */

/** `count(1, 'entity', 'entities')` is "1 entity"; the plural defaults to the singular with an s. */
export function count(n: number, singular: string, plural = singular + 's'): string {
  return `${n} ${n === 1 ? singular : plural}`;
}
