/** Join class names, skipping falsy ones. */
export const cn = (...parts: (string | false | null | undefined | 0)[]): string => parts.filter(Boolean).join(' ');
