/**
 * Matching of openapi.json path templates such as `/repositories/{workspace}/{repo_slug}` against
 * request paths, segment by segment, after percent-decoding each segment on its own.
 */

type TemplateSegment = { literal: string } | { param: string };

export interface CompiledTemplate {
  template: string;
  segments: TemplateSegment[];
  /**
   * Name of a last parameter that takes all remaining segments, joined with `/`, including none.
   * Only `/src/{commit}/{path}` has one; see `isMultiSegmentTemplate`.
   */
  restParam: string | undefined;
}

/**
 * Tells whether the template's last parameter spans several segments. openapi.json declares
 * `{path}` of `/src/{commit}/{path}` as one segment, but file paths contain `/`, and the root
 * listing is requested as `/src/{commit}/` with an empty path. This normalises that defect.
 */
export function isMultiSegmentTemplate(template: string): boolean {
  return template === '/repositories/{workspace}/{repo_slug}/src/{commit}/{path}';
}

/** Compiles a template once so that matching does not parse it again. */
export function compileTemplate(template: string): CompiledTemplate {
  const segments: TemplateSegment[] = template
    .split('/')
    .slice(1)
    .map((part) => {
      const param = /^\{([^}]+)\}$/.exec(part);
      return param?.[1] === undefined ? { literal: part } : { param: param[1] };
    });

  let restParam: string | undefined;
  const last = segments.at(-1);
  if (isMultiSegmentTemplate(template) && last !== undefined && 'param' in last) {
    restParam = last.param;
  }

  return { template, segments, restParam };
}

/**
 * Matches decoded path segments (without the leading empty segment) against a template.
 * Returns the path parameters, or undefined when the path does not fit. A parameter never
 * matches an empty segment, except a multi-segment last parameter.
 */
export function matchTemplate(
  compiled: CompiledTemplate,
  segments: readonly string[],
): Record<string, string> | undefined {
  const params: Record<string, string> = {};
  const fixedCount = compiled.restParam === undefined ? compiled.segments.length : compiled.segments.length - 1;

  if (compiled.restParam === undefined && segments.length !== fixedCount) return undefined;
  if (compiled.restParam !== undefined && segments.length <= fixedCount) return undefined;

  for (let index = 0; index < fixedCount; index += 1) {
    const expected = compiled.segments[index];
    const actual = segments[index];
    if (expected === undefined || actual === undefined) return undefined;

    if ('literal' in expected) {
      if (expected.literal !== actual) return undefined;
    } else {
      if (actual === '') return undefined;
      params[expected.param] = actual;
    }
  }

  if (compiled.restParam !== undefined) {
    params[compiled.restParam] = segments.slice(fixedCount).join('/');
  }
  return params;
}

/**
 * Orders two matching templates so that the more specific one comes first: at the first segment
 * where they differ, a literal beats a parameter (`/pullrequests/activity` before
 * `/pullrequests/{pull_request_id}`), and a fixed template beats a multi-segment one.
 */
export function compareSpecificity(left: CompiledTemplate, right: CompiledTemplate): number {
  const length = Math.min(left.segments.length, right.segments.length);
  for (let index = 0; index < length; index += 1) {
    const leftIsLiteral = 'literal' in (left.segments[index] ?? {});
    const rightIsLiteral = 'literal' in (right.segments[index] ?? {});
    if (leftIsLiteral !== rightIsLiteral) return leftIsLiteral ? -1 : 1;
  }
  return Number(left.restParam !== undefined) - Number(right.restParam !== undefined);
}

/**
 * Splits a raw path on its unencoded `/` characters and percent-decodes each segment.
 * Returns undefined when a segment has malformed percent-encoding.
 */
export function decodePathSegments(rawPath: string): string[] | undefined {
  try {
    return rawPath
      .split('/')
      .slice(1)
      .map((segment) => decodeURIComponent(segment));
  } catch {
    return undefined;
  }
}
