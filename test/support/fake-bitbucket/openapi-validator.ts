import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';

import type { FakeRequest } from './http-types.js';
import {
  allowsRepeatedQueryParameter,
  findSubstituteBody,
  isTolerableDeprecation,
  normaliseComponentSchemas,
} from './openapi-defects.js';
import { loadOpenApiSpec, type JsonSchema, type OpenApiOperation, type OpenApiSpec } from './openapi-spec.js';

/** Prefix of the 400 message for a request that breaks openapi.json. */
export const violationMessagePrefix = 'fake-bitbucket: request does not match openapi.json:';

/**
 * Query parameters that Bitbucket accepts on every list or object, described once in the
 * pagination, filtering and partial-response chapters instead of on each operation.
 */
const globalQueryParameters: Record<string, 'integer' | 'string'> = {
  page: 'integer',
  pagelen: 'integer',
  q: 'string',
  sort: 'string',
  fields: 'string',
};

const schemaDocumentId = 'bitbucket-openapi.json';

// ajv-formats is CommonJS; depending on the loader its plugin is the module or its `default`.
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ??
  addFormatsModule) as (ajv: Ajv) => Ajv;

interface SharedValidation {
  spec: OpenApiSpec;
  ajv: Ajv;
  /** Compiled body validators by schema key; compiled on first use to keep start-up fast. */
  bodyValidators: Map<string, ValidateFunction>;
}

// Compiling schemas is the slow part, so every fake server in a test process shares the results.
let shared: SharedValidation | undefined;

function loadSharedValidation(): SharedValidation {
  if (shared !== undefined) return shared;

  const spec = loadOpenApiSpec();
  // Ajv 8 implements OpenAPI 3.0 `nullable` itself. `strict: false` lets it skip keywords such as
  // `discriminator` and `example` that are not JSON Schema.
  const ajv = new Ajv({ strict: false, allErrors: true, validateSchema: false, logger: false });
  addFormats(ajv);
  ajv.addSchema({ $id: schemaDocumentId, components: { schemas: normaliseComponentSchemas(spec.schemas) } });

  shared = { spec, ajv, bodyValidators: new Map() };
  return shared;
}

/**
 * Checks a request under `/2.0` against openapi.json and returns every violation found, or an
 * empty list. `apiSegments` are the decoded path segments after `/2.0`.
 */
export function validateApiRequest(request: FakeRequest, apiSegments: readonly string[]): string[] {
  const { spec } = loadSharedValidation();
  const match = spec.findOperation(request.method, apiSegments);
  const label = `${request.method} ${request.rawPath}`;

  if (match === undefined) {
    return spec.hasPath(apiSegments)
      ? [`${label}: openapi.json has no ${request.method} operation on this path`]
      : [`${label}: no path in openapi.json matches`];
  }

  const { operation, pathParams } = match;
  const violations: string[] = [];
  if (operation.deprecated && !isTolerableDeprecation(operation)) {
    violations.push(`${request.method} ${operation.template} is deprecated and no longer served by Bitbucket`);
  }
  violations.push(...checkPathParameters(operation, pathParams));
  violations.push(...checkQueryParameters(operation, request.query));
  violations.push(...checkBody(operation, request));
  return violations;
}

function checkPathParameters(operation: OpenApiOperation, pathParams: Record<string, string>): string[] {
  const violations: string[] = [];
  for (const parameter of operation.parameters.filter((p) => p.in === 'path')) {
    const value = pathParams[parameter.name];
    if (value === undefined) {
      violations.push(`path parameter ${parameter.name} is missing`);
      continue;
    }
    const problem = checkScalar(value, parameter.schema);
    if (problem !== undefined) violations.push(`path parameter ${parameter.name} ${problem}`);
  }
  return violations;
}

function checkQueryParameters(operation: OpenApiOperation, query: URLSearchParams): string[] {
  const violations: string[] = [];
  const declared = new Map(operation.parameters.filter((p) => p.in === 'query').map((p) => [p.name, p]));

  for (const parameter of declared.values()) {
    if (parameter.required === true && !query.has(parameter.name)) {
      violations.push(`query parameter ${parameter.name} is required`);
    }
  }

  for (const name of new Set(query.keys())) {
    const values = query.getAll(name);
    const parameter = declared.get(name);
    const schema: JsonSchema | undefined =
      parameter?.schema ?? (name in globalQueryParameters ? { type: globalQueryParameters[name] } : undefined);

    if (schema === undefined) {
      violations.push(`query parameter ${name} is not defined for ${operation.method} ${operation.template}`);
      continue;
    }

    const repeatable = schema['type'] === 'array' || (parameter !== undefined && allowsRepeatedQueryParameter(operation, name));
    if (values.length > 1 && !repeatable) {
      violations.push(`query parameter ${name} is repeated but takes one value`);
    }

    const itemSchema = schema['type'] === 'array' ? (schema['items'] as JsonSchema | undefined) : schema;
    for (const value of values) {
      const problem = checkScalar(value, itemSchema);
      if (problem !== undefined) violations.push(`query parameter ${name} ${problem}`);
    }
  }
  return violations;
}

/** Checks a path or query value against a scalar schema; returns a problem or undefined. */
function checkScalar(value: string, schema: JsonSchema | undefined): string | undefined {
  if (schema === undefined) return undefined;

  const type = schema['type'];
  if (type === 'integer' && !/^-?\d+$/.test(value)) return `must be an integer, got ${JSON.stringify(value)}`;
  if (type === 'number' && !Number.isFinite(Number(value))) return `must be a number, got ${JSON.stringify(value)}`;
  if (type === 'boolean' && value !== 'true' && value !== 'false') {
    return `must be true or false, got ${JSON.stringify(value)}`;
  }

  const allowed = schema['enum'];
  if (Array.isArray(allowed) && !allowed.includes(value)) {
    return `must be one of ${allowed.join(', ')}, got ${JSON.stringify(value)}`;
  }
  return undefined;
}

function checkBody(operation: OpenApiOperation, request: FakeRequest): string[] {
  const hasBody = request.rawBody.length > 0;
  const substitute = findSubstituteBody(operation);
  const declared = operation.requestBody;

  if (substitute === undefined && declared === undefined) {
    return hasBody ? [`${operation.method} ${operation.template} takes no request body`] : [];
  }
  if (!hasBody) {
    return declared?.required === true ? ['the request body is required'] : [];
  }

  const contentType = (request.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  const declaredTypes = substitute === undefined ? Object.keys(declared?.content ?? {}) : ['application/json'];
  if (!declaredTypes.includes(contentType)) {
    return [`Content-Type ${contentType || '(none)'} is not one of ${declaredTypes.join(', ')}`];
  }
  if (contentType !== 'application/json') return [];
  if (request.body === undefined) return ['the request body is not valid JSON'];

  let body: unknown = request.body;
  let validator: ValidateFunction;
  if (substitute !== undefined) {
    validator = compileBodyValidator(`#/components/schemas/${substitute.schemaName}`, {
      $ref: `${schemaDocumentId}#/components/schemas/${substitute.schemaName}`,
    });
    if (substitute.ignoreNullProperties) body = withoutNullProperties(body);
  } else {
    const schema = declared?.content?.['application/json']?.schema;
    if (schema === undefined) return [];
    validator = compileBodyValidator(`${operation.method} ${operation.template}`, pointRefsAtDocument(schema));
  }

  if (validator(body)) return [];
  return formatSchemaErrors(validator.errors ?? []);
}

function compileBodyValidator(key: string, schema: JsonSchema): ValidateFunction {
  const validation = loadSharedValidation();
  let validator = validation.bodyValidators.get(key);
  if (validator === undefined) {
    validator = validation.ajv.compile(schema);
    validation.bodyValidators.set(key, validator);
  }
  return validator;
}

/** Rewrites `#/components/...` references of an inline schema to the registered schema document. */
function pointRefsAtDocument(schema: unknown): JsonSchema {
  return JSON.parse(
    JSON.stringify(schema).replaceAll('"$ref":"#/components/', `"$ref":"${schemaDocumentId}#/components/`),
  ) as JsonSchema;
}

function withoutNullProperties(body: unknown): unknown {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return body;
  return Object.fromEntries(Object.entries(body).filter(([, value]) => value !== null));
}

function formatSchemaErrors(errors: ErrorObject[]): string[] {
  const messages = errors.map((error) => {
    const where = `body${error.instancePath === '' ? '' : error.instancePath}`;
    const params = error.params as Record<string, unknown>;
    if (error.keyword === 'additionalProperties') return `${where} has unknown property ${String(params['additionalProperty'])}`;
    if (error.keyword === 'enum') return `${where} must be one of ${(params['allowedValues'] as unknown[]).join(', ')}`;
    return `${where} ${error.message ?? 'is invalid'}`;
  });
  return [...new Set(messages)];
}
