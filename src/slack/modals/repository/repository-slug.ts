/** Characters Bitbucket allows in a repository slug: lower-case letters, digits, `-`, `_` and `.`. */
const SLUG_PATTERN = /^[a-z0-9._-]+$/;

/**
 * Derives a repository slug from a display name: lower case, accents dropped, every run of other
 * characters turned into one `-` and no `-` or `.` at either end. Every run of dots becomes one
 * `.`, because a slug may not contain `..`. "Billing API (v2)" gives `billing-api-v2`. Returns ''
 * when the name has no letter or digit to keep.
 */
export function deriveRepositorySlug(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/-{2,}/g, '-')
    .replace(/\.{2,}/g, '.')
    .replace(/^[-.]+|[-.]+$/g, '');
}

/** Returns what is wrong with a slug by Bitbucket's rules, or undefined when it is valid. */
export function checkRepositorySlug(slug: string): string | undefined {
  if (slug === '') return 'Enter a slug.';
  if (!SLUG_PATTERN.test(slug)) {
    return `"${slug}" is not a valid slug. Use lower-case letters, digits, "-", "_" and "." only, e.g. billing-api.`;
  }
  if (slug === '.' || slug === '..' || slug.includes('..')) return `"${slug}" is not a valid slug: it cannot contain "..".`;
  return undefined;
}
