/**
 * Suggests a pull request title from a branch name: the part after the last `/`, with `-` and `_`
 * as spaces and the first letter in upper case, so `feature/login-page` gives "Login page".
 * Returns the branch name itself when nothing else is left.
 */
export function suggestPullRequestTitle(branch: string): string {
  const lastSegment = branch.split('/').filter((segment) => segment.trim() !== '').at(-1) ?? '';
  const words = lastSegment.replace(/[-_]+/g, ' ').replace(/\s+/g, ' ').trim();
  if (words === '') return branch.trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}
