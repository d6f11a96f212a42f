import { existsSync, readFileSync } from 'node:fs';

import {
  compareSpecificity,
  compileTemplate,
  matchTemplate,
  type CompiledTemplate,
} from './path-template.js';

export type JsonSchema = Record<string, unknown>;

export interface OpenApiParameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required?: boolean;
  schema?: JsonSchema;
}

export interface OpenApiRequestBody {
  required?: boolean;
  content?: Record<string, { schema?: JsonSchema }>;
}

export interface OpenApiOperation {
  method: string;
  template: string;
  deprecated: boolean;
  /** Path-level and operation-level parameters, with `$ref`s resolved. */
  parameters: OpenApiParameter[];
  requestBody: OpenApiRequestBody | undefined;
}

export interface OperationMatch {
  operation: OpenApiOperation;
  pathParams: Record<string, string>;
}

/** The parts of openapi.json the validator uses, indexed for matching. */
export interface OpenApiSpec {
  /** `components.schemas`, as parsed. */
  schemas: Record<string, JsonSchema>;
  /** Finds the operation for a method and decoded path segments relative to `/2.0`. */
  findOperation(method: string, segments: readonly string[]): OperationMatch | undefined;
  /** Tells whether any operation exists for the path, whatever the method. */
  hasPath(segments: readonly string[]): boolean;
}

// The fixture is two folders above test/support/fake-bitbucket. The compiled copy under
// dist/test/support/fake-bitbucket reads it from the source tree, four folders up.
const specUrls = [
  new URL('../../fixtures/bitbucket/openapi.json', import.meta.url),
  new URL('../../../../test/fixtures/bitbucket/openapi.json', import.meta.url),
];
const httpMethods = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options', 'trace'];

// The file is 1.4 MB, so every fake server in a test process shares one parsed copy.
let sharedSpec: OpenApiSpec | undefined;

/** Loads test/fixtures/bitbucket/openapi.json on first use and returns the shared copy. */
export function loadOpenApiSpec(): OpenApiSpec {
  if (sharedSpec === undefined) {
    const specUrl = specUrls.find((url) => existsSync(url)) ?? specUrls[0]!;
    sharedSpec = parseOpenApiSpec(JSON.parse(readFileSync(specUrl, 'utf8')) as Record<string, unknown>);
  }
  return sharedSpec;
}

function parseOpenApiSpec(document: Record<string, unknown>): OpenApiSpec {
  const components = (document['components'] ?? {}) as Record<string, Record<string, unknown>>;
  const paths = (document['paths'] ?? {}) as Record<string, Record<string, unknown>>;
  const resolve = <T>(value: unknown): T => resolveComponentRef(components, value) as T;

  const entries: { compiled: CompiledTemplate; operations: Map<string, OpenApiOperation> }[] = [];
  for (const [template, pathItem] of Object.entries(paths)) {
    const pathParameters = ((pathItem['parameters'] ?? []) as unknown[]).map((p) => resolve<OpenApiParameter>(p));
    const operations = new Map<string, OpenApiOperation>();

    for (const method of httpMethods) {
      const raw = pathItem[method] as Record<string, unknown> | undefined;
      if (raw === undefined) continue;

      const ownParameters = ((raw['parameters'] ?? []) as unknown[]).map((p) => resolve<OpenApiParameter>(p));
      const overridden = new Set(ownParameters.map((p) => `${p.in}:${p.name}`));
      operations.set(method.toUpperCase(), {
        method: method.toUpperCase(),
        template,
        deprecated: raw['deprecated'] === true,
        parameters: [...pathParameters.filter((p) => !overridden.has(`${p.in}:${p.name}`)), ...ownParameters],
        requestBody: raw['requestBody'] === undefined ? undefined : resolve<OpenApiRequestBody>(raw['requestBody']),
      });
    }
    entries.push({ compiled: compileTemplate(template), operations });
  }

  const matchAll = (segments: readonly string[]) =>
    entries
      .map((entry) => ({ entry, params: matchTemplate(entry.compiled, segments) }))
      .filter((candidate) => candidate.params !== undefined)
      .sort((left, right) => compareSpecificity(left.entry.compiled, right.entry.compiled));

  return {
    schemas: (components['schemas'] ?? {}) as Record<string, JsonSchema>,
    findOperation(method, segments) {
      for (const { entry, params } of matchAll(segments)) {
        const operation = entry.operations.get(method.toUpperCase());
        if (operation !== undefined && params !== undefined) return { operation, pathParams: params };
      }
      return undefined;
    },
    hasPath(segments) {
      return matchAll(segments).length > 0;
    },
  };
}

/** Resolves a `{"$ref":"#/components/<kind>/<name>"}` object; other values are returned unchanged. */
function resolveComponentRef(components: Record<string, Record<string, unknown>>, value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return value;
  const ref = (value as { $ref?: unknown }).$ref;
  if (typeof ref !== 'string') return value;

  const match = /^#\/components\/([^/]+)\/([^/]+)$/.exec(ref);
  const resolved = match === null ? undefined : components[match[1] ?? '']?.[match[2] ?? ''];
  if (resolved === undefined) throw new Error(`openapi.json: cannot resolve ${ref}`);
  return resolveComponentRef(components, resolved);
}
