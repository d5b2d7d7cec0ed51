import { z } from 'zod';
import { Problem } from '../../shared/common.js';
import { Customer, CustomerCreate, CustomerListQuery, CustomerPatch, CustomerReplace } from '../../shared/customer.js';
import { ChangeEvent, EventsQuery } from '../../shared/events.js';

type JsonSchema = Record<string, unknown>;

const schemaOf = (schema: z.ZodType, io: 'input' | 'output' = 'input'): JsonSchema => {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as JsonSchema;
  return rest;
};
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const json = (schema: JsonSchema) => ({ 'application/json': { schema } });
const problem = (description: string) => ({ description, content: { 'application/problem+json': { schema: ref('Problem') } } });

/** Query parameters of an object schema, one OpenAPI parameter each. */
function queryParameters(schema: z.ZodObject): unknown[] {
  const properties = (schemaOf(schema).properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set((schemaOf(schema).required as string[] | undefined) ?? []);
  return Object.entries(properties).map(([name, s]) => ({ name, in: 'query', required: required.has(name) && s.default === undefined, schema: s }));
}

const idParam = { name: 'id', in: 'path', required: true, schema: { type: 'string', pattern: '^[0-9a-f]{24}$' } };
const ifMatch = { name: 'If-Match', in: 'header', required: false, schema: { type: 'string' }, description: 'The ETag you read ("3"), or *. A stale PATCH succeeds when none of its fields changed since.' };
const errors = {
  '400': problem('Malformed JSON or header'),
  '401': problem('Not signed in'),
  '404': problem('No such record'),
  '413': problem('Body too large'),
  '415': problem('Body is not JSON'),
  '422': problem('Invalid fields, each named in errors[]'),
  '503': problem('Database unreachable; retry after Retry-After seconds'),
};

/**
 * The OpenAPI 3.1 document of the API, generated from the shared zod schemas (the same
 * ones that validate requests), so the reference cannot drift from the code.
 */
export function openApiDocument(): JsonSchema {
  return {
    openapi: '3.1.0',
    info: {
      title: 'Shoal API',
      version: '0.1.0',
      description:
        'The REST API of Shoal, a real-time collaborative CRM. Every change made here is also broadcast live to connected clients as a Socket.IO `change` event (see the README).',
    },
    servers: [{ url: '/' }],
    components: {
      schemas: {
        Customer: schemaOf(Customer, 'output'),
        CustomerCreate: schemaOf(CustomerCreate),
        CustomerReplace: schemaOf(CustomerReplace),
        CustomerPatch: schemaOf(CustomerPatch),
        ChangeEvent: schemaOf(ChangeEvent, 'output'),
        Problem: schemaOf(Problem, 'output'),
      },
    },
    paths: {
      '/api/customers': {
        get: {
          summary: 'List customers',
          description: 'Keyset-paginated: follow the Link rel="next" header. X-Total-Count holds the number of matches.',
          parameters: queryParameters(CustomerListQuery),
          responses: { '200': { description: 'A page of customers', content: json({ type: 'array', items: ref('Customer') }) }, '422': errors['422'] },
        },
        post: {
          summary: 'Create a customer',
          parameters: [{ name: 'Idempotency-Key', in: 'header', required: false, schema: { type: 'string', maxLength: 255 } }],
          requestBody: { required: true, content: json(ref('CustomerCreate')) },
          responses: { '201': { description: 'Created', content: json(ref('Customer')) }, '409': problem('Email already used'), ...errors },
        },
      },
      '/api/customers/{id}': {
        parameters: [idParam],
        get: { summary: 'Read a customer', responses: { '200': { description: 'The customer; ETag is its version', content: json(ref('Customer')) }, '404': errors['404'] } },
        put: {
          summary: 'Replace a customer',
          parameters: [ifMatch],
          requestBody: { required: true, content: json(ref('CustomerReplace')) },
          responses: { '200': { description: 'Replaced', content: json(ref('Customer')) }, '409': problem('Email already used'), '412': problem('Stale version'), ...errors },
        },
        patch: {
          summary: 'Change some fields of a customer',
          parameters: [ifMatch],
          requestBody: { required: true, content: json(ref('CustomerPatch')) },
          responses: { '200': { description: 'Changed', content: json(ref('Customer')) }, '409': problem('Email already used'), '412': problem('A field you write changed since your version'), ...errors },
        },
        delete: { summary: 'Delete a customer', parameters: [ifMatch], responses: { '204': { description: 'Deleted' }, '412': problem('Stale version'), '404': errors['404'] } },
      },
      '/api/events': {
        get: {
          summary: 'Changes after a sequence number',
          parameters: queryParameters(EventsQuery),
          responses: { '200': { description: 'Oldest first', content: json({ type: 'array', items: ref('ChangeEvent') }) }, '410': problem('No longer kept: refetch'), '422': errors['422'] },
        },
      },
    },
  };
}
