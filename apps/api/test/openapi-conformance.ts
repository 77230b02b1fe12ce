/**
 * Checks that a document is a well-formed OpenAPI 3.1 description: the structure the
 * specification requires of the objects we emit, every `$ref` resolvable, path templates and
 * path parameters in agreement, and every schema valid against the JSON Schema 2020-12
 * meta-schema (OpenAPI 3.1's schema dialect). Returns the problems found, empty when none.
 */
import ajv2020 from 'ajv/dist/2020.js';

type Json = Record<string, unknown>;

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;
const PARAMETER_LOCATIONS = ['query', 'header', 'path', 'cookie'];

// ajv is CommonJS: under NodeNext the default import is its module.exports, whose `default` is the class.
const Ajv2020 = ajv2020.default;

export function openApiProblems(document: unknown): string[] {
  const problems: string[] = [];
  const ajv = new Ajv2020({ strict: false, validateFormats: false });
  const doc = document as Json;
  if (typeof doc.openapi !== 'string' || !/^3\.1\.\d+$/.test(doc.openapi))
    problems.push('openapi must be 3.1.x');
  const info = doc.info as Json | undefined;
  if (typeof info?.title !== 'string' || typeof info?.version !== 'string') {
    problems.push('info.title and info.version are required strings');
  }
  const declaredTags = new Set(((doc.tags as Json[] | undefined) ?? []).map((t) => t.name));

  const checkSchema = (where: string, schema: unknown) => {
    if (typeof schema !== 'object' || schema === null) {
      problems.push(`${where}: schema must be an object`);
      return;
    }
    if (!ajv.validateSchema(schema as Json)) {
      problems.push(`${where}: invalid JSON Schema: ${ajv.errorsText(ajv.errors)}`);
    }
  };

  for (const [name, schema] of Object.entries(
    ((doc.components as Json | undefined)?.schemas as Json) ?? {},
  )) {
    checkSchema(`components.schemas.${name}`, schema);
  }

  const paths = doc.paths as Json | undefined;
  if (typeof paths !== 'object' || paths === null) return [...problems, 'paths must be an object'];
  const operationIds = new Set<string>();
  for (const [path, item] of Object.entries(paths)) {
    if (!path.startsWith('/')) problems.push(`${path}: path must start with /`);
    const templated = [...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]);
    for (const method of METHODS) {
      const operation = (item as Json)[method] as Json | undefined;
      if (!operation) continue;
      const where = `${method.toUpperCase()} ${path}`;
      if (typeof operation.operationId === 'string') {
        if (operationIds.has(operation.operationId)) problems.push(`${where}: duplicate operationId`);
        operationIds.add(operation.operationId);
      }
      for (const tag of (operation.tags as string[] | undefined) ?? []) {
        if (!declaredTags.has(tag)) problems.push(`${where}: tag ${tag} is not declared`);
      }
      const parameters = (operation.parameters as Json[] | undefined) ?? [];
      const seen = new Set<string>();
      for (const parameter of parameters) {
        const key = `${parameter.in}:${parameter.name}`;
        if (seen.has(key)) problems.push(`${where}: parameter ${key} is declared twice`);
        seen.add(key);
        if (typeof parameter.name !== 'string') problems.push(`${where}: parameter without a name`);
        if (!PARAMETER_LOCATIONS.includes(parameter.in as string)) {
          problems.push(`${where}: parameter ${String(parameter.name)} has invalid "in"`);
        }
        if (parameter.in === 'path' && parameter.required !== true) {
          problems.push(`${where}: path parameter ${String(parameter.name)} must be required`);
        }
        checkSchema(`${where} parameter ${String(parameter.name)}`, parameter.schema);
      }
      const pathParameters = parameters.filter((p) => p.in === 'path').map((p) => p.name);
      if ([...pathParameters].sort().join() !== [...templated].sort().join()) {
        problems.push(`${where}: path parameters ${pathParameters.join()} do not match the template`);
      }
      const body = operation.requestBody as Json | undefined;
      if (body) {
        const content = body.content as Json | undefined;
        if (!content || Object.keys(content).length === 0)
          problems.push(`${where}: requestBody without content`);
        for (const [type, media] of Object.entries(content ?? {})) {
          checkSchema(`${where} requestBody ${type}`, (media as Json).schema);
        }
      }
      const responses = operation.responses as Json | undefined;
      if (!responses || Object.keys(responses).length === 0) problems.push(`${where}: no responses`);
      for (const [status, response] of Object.entries(responses ?? {})) {
        if (!/^([1-5]\d\d|[1-5]XX|default)$/.test(status)) problems.push(`${where}: bad status ${status}`);
        if (typeof (response as Json).description !== 'string') {
          problems.push(`${where} ${status}: response description is required`);
        }
        for (const [type, media] of Object.entries(((response as Json).content as Json | undefined) ?? {})) {
          checkSchema(`${where} ${status} ${type}`, (media as Json).schema);
        }
      }
    }
  }

  // Every reference must point at something in the document.
  const pending: unknown[] = [doc];
  while (pending.length > 0) {
    const node = pending.pop();
    if (Array.isArray(node)) pending.push(...node);
    else if (typeof node === 'object' && node !== null) {
      for (const [key, value] of Object.entries(node)) {
        if (key === '$ref' && typeof value === 'string') {
          if (resolvePointer(doc, value) === undefined) problems.push(`unresolvable $ref ${value}`);
        } else pending.push(value);
      }
    }
  }
  return problems;
}

function resolvePointer(doc: Json, ref: string): unknown {
  if (!ref.startsWith('#/')) return undefined;
  let current: unknown = doc;
  for (const raw of ref.slice(2).split('/')) {
    const segment = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (typeof current !== 'object' || current === null) return undefined;
    current = (current as Json)[segment];
  }
  return current;
}
