/** Characters Bitbucket allows in a repository slug: lower-case letters, digits, `-`, `_` and `.`. */
const SLUG_PATTERN = /^[a-z0-9._-]+$/;

/**
 * Maximum length of a Bitbucket Cloud repository slug. Atlassian's page "What is a repository
 * slug?" (support.atlassian.com/bitbucket-cloud/docs/what-is-a-slug/) states it, and the dash rules
 * that `checkRepositorySlug` applies.
 */
const REPOSITORY_SLUG_MAX = 62;

/**
 * Derives a repository slug from a display name: lower case, accents dropped, every run of other
 * characters turned into one `-` and no `-` or `.` at either end. Every run of dots becomes one
 * `.`, because a slug may not contain `..`. A slug longer than Bitbucket's maximum of 62
 * characters is cut to 62. "Billing API (v2)" gives `billing-api-v2`. Returns '' when the name
 * has no letter or digit to keep.
 */
export function deriveRepositorySlug(name: string): string {
  const slug = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/-{2,}/g, '-')
    .replace(/\.{2,}/g, '.');
  return trimSlugEnds(trimSlugEnds(slug).slice(0, REPOSITORY_SLUG_MAX));
}

/** Returns what is wrong with a slug by Bitbucket Cloud's rules, or undefined when it is valid. */
export function checkRepositorySlug(slug: string): string | undefined {
  if (slug === '') return 'Enter a slug.';
  if (!SLUG_PATTERN.test(slug)) {
    return `"${slug}" is not a valid slug. Use lower-case letters, digits, "-", "_" and "." only, e.g. billing-api.`;
  }
  if (slug === '.' || slug === '..' || slug.includes('..')) return `"${slug}" is not a valid slug: it cannot contain "..".`;
  if (slug.length > REPOSITORY_SLUG_MAX) {
    return `The slug has ${slug.length} characters, but Bitbucket allows at most ${REPOSITORY_SLUG_MAX}. Shorten it.`;
  }
  // Bitbucket accepts these dash placements only in a slug made of dashes alone.
  if (!/^-+$/.test(slug) && (slug.startsWith('-') || slug.endsWith('-') || slug.includes('--'))) {
    return `"${slug}" is not a valid slug: it cannot start or end with "-" or contain "--". Use letters or digits there, e.g. billing-api.`;
  }
  return undefined;
}

function trimSlugEnds(slug: string): string {
  return slug.replace(/^[-.]+|[-.]+$/g, '');
}
