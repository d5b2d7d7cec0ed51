import { z } from 'zod';
import { BatchRequest, BatchResult } from '../../shared/batch.js';
import { Problem } from '../../shared/common.js';
import { Contact, ContactCreate, ContactExportQuery, ContactListQuery, ContactPatch, ContactReplace } from '../../shared/contact.js';
import { Customer, CustomerCreate, CustomerExportQuery, CustomerListQuery, CustomerPatch, CustomerReplace, DeletedCustomer, DeletedCustomerQuery } from '../../shared/customer.js';
import { ChangeEvent, EventsQuery, JobProgress } from '../../shared/events.js';
import { Interaction, InteractionCreate, InteractionExportQuery, InteractionListQuery, InteractionPatch, InteractionReplace } from '../../shared/interaction.js';
import { MoveInput, Opportunity, OpportunityCreate, OpportunityExportQuery, OpportunityListQuery, OpportunityPatch, OpportunityReplace, Pipeline, PipelineQuery, StageChange } from '../../shared/opportunity.js';
import { Stage } from '../../shared/stage.js';
import { Dashboard, DashboardQuery } from '../../shared/dashboard.js';
import { PipelineCreate, PipelineDefinition, PipelinePatch } from '../../shared/pipeline.js';
import { InboxState, Notification, NotificationListQuery } from '../../shared/notification.js';
import { Task, TaskCreate, TaskExportQuery, TaskListQuery, TaskPatch, TaskReplace } from '../../shared/task.js';
import { ApiToken, CreatedToken, LoginInput, ProfilePatch, Session, SetupInput, TokenCreate, User, UserCreate, UserPatch } from '../../shared/user.js';
import { FieldCreate, FieldDefinition, FieldListQuery, FieldPatch } from '../../shared/field.js';
import { SavedView, ViewCreate, ViewListQuery, ViewPatch } from '../../shared/view.js';

type JsonSchema = Record<string, unknown>;

const schemaOf = (schema: z.ZodType, io: 'input' | 'output' = 'input'): JsonSchema => {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as JsonSchema;
  return rest;
};
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const json = (schema: JsonSchema) => ({ 'application/json': { schema } });
const problem = (description: string) => ({ description, content: { 'application/problem+json': { schema: ref('Problem') } } });

/** The `custom.<key>` filters of a list with custom fields (shared/field.ts `withCustomParams`). */
const customParameters = [
  { name: 'custom.<key>', in: 'query', required: false, schema: { type: 'string' }, description: 'A custom field equals this (text ignores case; a multiselect holds it; checkbox true/false). Replace <key> with the field key (GET /api/fields).' },
  { name: 'custom.<key>.gte', in: 'query', required: false, schema: { type: 'string' }, description: 'A number, money or date custom field is at least this (inclusive).' },
  { name: 'custom.<key>.lte', in: 'query', required: false, schema: { type: 'string' }, description: 'A number, money or date custom field is at most this (inclusive).' },
];

/** Query parameters of an object schema, one OpenAPI parameter each (and the custom field filters of a list that takes them). */
function queryParameters(schema: z.ZodType): unknown[] {
  const json = schemaOf(schema);
  const properties = (json.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set((json.required as string[] | undefined) ?? []);
  const own = Object.entries(properties).map(([name, s]) => ({ name, in: 'query', required: required.has(name) && s.default === undefined, schema: s }));
  return typeof json.additionalProperties === 'object' ? [...own, ...customParameters] : own;
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

/** The schemas and paths of one resource with the shared record contract. */
function resource(path: string, name: string, schemas: { api: z.ZodType; create: z.ZodType; replace: z.ZodType; patch: z.ZodType; query: z.ZodType }) {
  const components = {
    [name]: schemaOf(schemas.api, 'output'),
    [`${name}Create`]: schemaOf(schemas.create),
    [`${name}Replace`]: schemaOf(schemas.replace),
    [`${name}Patch`]: schemaOf(schemas.patch),
  };
  const paths = {
    [`/api/${path}`]: {
      get: {
        tags: [name],
        summary: `List ${path}`,
        description: 'Keyset-paginated: follow the Link rel="next" header. X-Total-Count holds the number of matches.',
        parameters: queryParameters(schemas.query),
        responses: { '200': { description: `A page of ${path}`, content: json({ type: 'array', items: ref(name) }) }, '401': errors['401'], '422': errors['422'] },
      },
      post: {
        tags: [name],
        summary: `Create a ${name.toLowerCase()}`,
        parameters: [{ name: 'Idempotency-Key', in: 'header', required: false, schema: { type: 'string', maxLength: 255 } }],
        requestBody: { required: true, content: json(ref(`${name}Create`)) },
        responses: { '201': { description: 'Created', content: json(ref(name)) }, '409': problem('Email already used'), ...errors },
      },
    },
    [`/api/${path}/batch`]: {
      post: {
        tags: [name],
        summary: `Create, change and delete up to 1,000 ${path} in one call`,
        description:
          `create: records as POST /api/${path} takes them; update: {id, version?, ...fields} as PATCH takes them (version acts as If-Match); delete: ids. ` +
          'Each item succeeds or fails on its own, with the status its single call would answer. Clients get the changes as a few grouped `changes` socket messages.',
        parameters: [{ name: 'Idempotency-Key', in: 'header', required: false, schema: { type: 'string', maxLength: 255 } }],
        requestBody: { required: true, content: json(ref('BatchRequest')) },
        responses: {
          '200': { description: 'Every item succeeded', content: json(ref('BatchResult')) },
          '207': { description: 'Some items failed: see each result', content: json(ref('BatchResult')) },
          ...errors,
        },
      },
    },
    [`/api/${path}/{id}`]: {
      parameters: [idParam],
      get: { tags: [name], summary: `Read a ${name.toLowerCase()}`, responses: { '200': { description: 'The record; ETag is its version', content: json(ref(name)) }, '404': errors['404'] } },
      put: {
        tags: [name],
        summary: `Replace a ${name.toLowerCase()}`,
        parameters: [ifMatch],
        requestBody: { required: true, content: json(ref(`${name}Replace`)) },
        responses: { '200': { description: 'Replaced', content: json(ref(name)) }, '412': problem('Stale version'), ...errors },
      },
      patch: {
        tags: [name],
        summary: `Change some fields of a ${name.toLowerCase()}`,
        parameters: [ifMatch],
        requestBody: { required: true, content: json(ref(`${name}Patch`)) },
        responses: { '200': { description: 'Changed', content: json(ref(name)) }, '412': problem('A field you write changed since your version'), ...errors },
      },
      delete: { tags: [name], summary: `Delete a ${name.toLowerCase()}`, parameters: [ifMatch], responses: { '204': { description: 'Deleted' }, '412': problem('Stale version'), '404': errors['404'] } },
    },
  };
  return { components, paths };
}

/** CSV export and import of one resource. */
function csvPaths(path: string, name: string, query: z.ZodType, columns: string) {
  return {
    [`/api/${path}/export`]: {
      get: {
        tags: ['CSV'],
        summary: `Every ${name.toLowerCase()} matching the list's filters, as a CSV file`,
        parameters: queryParameters(query),
        responses: { '200': { description: 'text/csv with a header row', content: { 'text/csv': { schema: { type: 'string' } } } }, '401': errors['401'], '422': errors['422'] },
      },
    },
    [`/api/${path}/import`]: {
      post: {
        tags: ['CSV'],
        summary: `Create ${path} from a CSV file (up to 5 MB); progress as socket job events and at /api/imports/{id}`,
        description: `Columns (header names ignore case and spaces): ${columns}; custom.<key> for each custom field of the kind, read as its type. Other columns are ignored (a custom.<key> column the kind has no field for refuses the file).`,
        requestBody: { required: true, content: { 'text/csv': { schema: { type: 'string' } } } },
        responses: { '202': { description: 'Importing', content: json(ref('JobProgress')) }, '413': errors['413'], '415': errors['415'], '422': problem('No header row, a required column missing, or not CSV'), '401': errors['401'] },
      },
    },
  };
}

const body = (schema: string) => ({ required: true, content: json(ref(schema)) });
const ok = (description: string, schema: JsonSchema) => ({ description, content: json(schema) });

/** Pipelines, a pipeline's board, moves and the dashboard (SPEC sections 4, 7 and 12). */
function pipelineParts() {
  const admins = problem('Admins only');
  const schemas = {
    PipelineDefinition: schemaOf(PipelineDefinition, 'output'),
    PipelineCreate: schemaOf(PipelineCreate),
    PipelinePatch: schemaOf(PipelinePatch),
    Board: schemaOf(Pipeline, 'output'),
    MoveInput: schemaOf(MoveInput),
    Dashboard: schemaOf(Dashboard, 'output'),
  };
  const paths = {
    '/api/pipelines': {
      get: { tags: ['Pipeline'], summary: 'Every pipeline with its stages, the default one first', responses: { '200': ok('Pipelines', { type: 'array', items: ref('PipelineDefinition') }), '401': errors['401'] } },
      post: {
        tags: ['Pipeline'],
        summary: 'Add a pipeline (admins)',
        description: 'Stages in board order: keys unique in the pipeline (lower-case), names unique ignoring case, at least one open stage, rotDays only on open stages. Open clients get a `pipeline` change event.',
        requestBody: body('PipelineCreate'),
        responses: { '201': ok('Created (Location: /api/pipelines/{id})', ref('PipelineDefinition')), '403': admins, '409': problem('Another pipeline has that name'), '422': errors['422'] },
      },
    },
    '/api/pipelines/{id}': {
      parameters: [idParam],
      get: { tags: ['Pipeline'], summary: 'One pipeline', responses: { '200': ok('The pipeline', ref('PipelineDefinition')), '404': errors['404'] } },
      patch: {
        tags: ['Pipeline'],
        summary: 'Rename a pipeline, or add, rename, reorder and remove its stages (admins)',
        description:
          '`stages` is the whole new list; a stage keeps its deals by its key. A key left out removes that stage; `moveDeals` {<removed key>: <kept key>} says where its deals go (a 422 naming moveDeals when a removed stage holds deals and no target is named). The deals move in one change: one batch of `moved` events with the pipeline\'s `updated` event.',
        parameters: [ifMatch],
        requestBody: body('PipelinePatch'),
        responses: {
          '200': ok('Changed', ref('PipelineDefinition')),
          '403': admins,
          '404': errors['404'],
          '409': problem('Another pipeline has that name'),
          '412': problem('Its name or stages, whichever you write, changed since your version (`current` holds the pipeline now)'),
          '422': errors['422'],
        },
      },
    },
    '/api/pipeline': {
      get: {
        tags: ['Pipeline'],
        summary: "A pipeline's board: its stages in order with count, total and the first cards",
        description:
          "Default: the default pipeline. `nextSteps` gives each card's deal its open task due first (by deal id; a card without an entry has no open task). The rest of a column, with its next steps: GET /api/pipeline?pipelineId=&stage=KEY&cursor=nextCursor (or GET /api/opportunities?pipelineId=&stage=KEY&sort=rank&cursor=nextCursor). Shoal-Seq says which change the board reflects.",
        parameters: queryParameters(PipelineQuery),
        responses: { '200': ok('The board', ref('Board')), '401': errors['401'], '422': errors['422'] },
      },
    },
    '/api/opportunities/{id}/move': {
      parameters: [idParam],
      post: {
        tags: ['Opportunity'],
        summary: "Move a deal to a stage of its pipeline and a place in that column, in one change (op 'moved')",
        description: 'The card lands right after afterId and right before beforeId (a neighbour from another column is a 422); with neither, at the bottom.',
        parameters: [ifMatch],
        requestBody: body('MoveInput'),
        responses: { '200': ok('Moved', ref('Opportunity')), '404': errors['404'], '412': problem('Stale version'), '422': errors['422'] },
      },
    },
    '/api/dashboard': {
      get: {
        tags: ['Dashboard'],
        summary: 'Every metric of a period and the one before it, for one pipeline or all, one owner or all',
        parameters: queryParameters(DashboardQuery),
        responses: { '200': ok('The figures', ref('Dashboard')), '401': errors['401'], '422': errors['422'] },
      },
    },
  };
  return { schemas, paths };
}

/**
 * The OpenAPI 3.1 document of the API, generated from the shared zod schemas (the same
 * ones that validate requests), so the reference cannot drift from the code.
 */
export function openApiDocument(): JsonSchema {
  const resources = [
    resource('customers', 'Customer', { api: Customer, create: CustomerCreate, replace: CustomerReplace, patch: CustomerPatch, query: CustomerListQuery }),
    resource('contacts', 'Contact', { api: Contact, create: ContactCreate, replace: ContactReplace, patch: ContactPatch, query: ContactListQuery }),
    resource('opportunities', 'Opportunity', { api: Opportunity, create: OpportunityCreate, replace: OpportunityReplace, patch: OpportunityPatch, query: OpportunityListQuery }),
    resource('interactions', 'Interaction', { api: Interaction, create: InteractionCreate, replace: InteractionReplace, patch: InteractionPatch, query: InteractionListQuery }),
    resource('tasks', 'Task', { api: Task, create: TaskCreate, replace: TaskReplace, patch: TaskPatch, query: TaskListQuery }),
  ];
  const pipelines = pipelineParts();
  return {
    openapi: '3.1.0',
    info: {
      title: 'Shoal API',
      version: '0.1.0',
      description:
        'The REST API of Shoal, a real-time collaborative CRM. Authenticate with a personal API token (`Authorization: Bearer <token>`, created with POST /api/tokens) or a browser session. Every change made here is also broadcast live to connected clients as a Socket.IO `change` event (see the README).',
    },
    servers: [{ url: '/' }],
    security: [{ bearer: [] }, { session: [] }],
    components: {
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer' },
        session: { type: 'apiKey', in: 'cookie', name: 'shoal_session' },
        basic: { type: 'http', scheme: 'basic' },
      },
      schemas: {
        ...Object.assign({}, ...resources.map((r) => r.components)),
        BatchRequest: schemaOf(BatchRequest),
        BatchResult: schemaOf(BatchResult, 'output'),
        Stage: schemaOf(Stage, 'output'),
        StageChange: schemaOf(StageChange, 'output'),
        DeletedCustomer: schemaOf(DeletedCustomer, 'output'),
        ChangeEvent: schemaOf(ChangeEvent, 'output'),
        User: schemaOf(User, 'output'),
        UserCreate: schemaOf(UserCreate),
        UserPatch: schemaOf(UserPatch),
        SetupInput: schemaOf(SetupInput),
        LoginInput: schemaOf(LoginInput),
        Session: schemaOf(Session, 'output'),
        TokenCreate: schemaOf(TokenCreate),
        ApiToken: schemaOf(ApiToken, 'output'),
        CreatedToken: schemaOf(CreatedToken, 'output'),
        Problem: schemaOf(Problem, 'output'),
        JobProgress: schemaOf(JobProgress, 'output'),
        Notification: schemaOf(Notification, 'output'),
        InboxState: schemaOf(InboxState, 'output'),
        ProfilePatch: schemaOf(ProfilePatch),
        FieldDefinition: schemaOf(FieldDefinition, 'output'),
        FieldCreate: schemaOf(FieldCreate),
        FieldPatch: schemaOf(FieldPatch),
        SavedView: schemaOf(SavedView, 'output'),
        ViewCreate: schemaOf(ViewCreate),
        ViewPatch: schemaOf(ViewPatch),
        ...pipelines.schemas,
      },
    },
    paths: {
      ...Object.assign({}, ...resources.map((r) => r.paths)),
      ...csvPaths('customers', 'Customer', CustomerExportQuery, 'name, email (required); phone, address, website, industry, ownerId, tags (separated by ; or ,)'),
      ...csvPaths('contacts', 'Contact', ContactExportQuery, 'customerId or customerEmail, name, email (required); phone, position'),
      ...csvPaths('opportunities', 'Deal', OpportunityExportQuery, 'customerId or customerEmail, name, stage (a key or a name of the pipeline\'s stages, any case; "Closed" alone is refused: say Closed Won or Closed Lost), amount (a decimal number such as 1200.50) (required); pipelineId, contactId, currency, probability, expectedCloseDate, ownerId, lostReason'),
      ...csvPaths('interactions', 'Interaction', InteractionExportQuery, 'customerId or customerEmail, type (call, meeting, email, note), date (a date and time, or a day) (required); contactId, subject, notes, durationMinutes (logged by the importer)'),
      ...csvPaths('tasks', 'Task', TaskExportQuery, 'title, dueAt (required); type, remindAt, assigneeId, customerId, contactId, opportunityId, notes (imported tasks are open)'),
      '/api/notifications': {
        get: {
          tags: ['Notifications'],
          summary: 'Your own notifications, newest first',
          description:
            'Keyset-paginated: follow the Link rel="next" header. X-Unread-Count holds your unread count, X-Total-Count the number listed. ' +
            'New ones also arrive live as the Socket.IO `notification` event (to your sockets only), and `inbox` {unread} whenever the count changes.',
          parameters: queryParameters(NotificationListQuery),
          responses: { '200': ok('A page of notifications', { type: 'array', items: ref('Notification') }), '401': errors['401'], '422': errors['422'] },
        },
      },
      '/api/notifications/{id}/read': {
        parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
        post: { tags: ['Notifications'], summary: 'Mark one of your notifications read', responses: { '200': ok('The notification, read', ref('Notification')), '404': errors['404'] } },
      },
      '/api/notifications/read-all': {
        post: { tags: ['Notifications'], summary: 'Mark all your notifications read', responses: { '200': ok('Your unread count (0)', ref('InboxState')), '401': errors['401'] } },
      },
      '/api/imports/{id}': {
        parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
        get: { tags: ['CSV'], summary: 'An import you started: progress, then rows created and each refused row with its reasons', responses: { '200': ok('The job', ref('JobProgress')), '404': errors['404'] } },
      },
      '/api/customers/deleted': {
        get: {
          tags: ['Customer'],
          summary: 'Customers deleted in the last 30 days, latest first: what can be restored, with who deleted it, when, and what went with it',
          parameters: queryParameters(DeletedCustomerQuery),
          responses: { '200': ok('Restorable customers', { type: 'array', items: ref('DeletedCustomer') }), '401': errors['401'], '422': errors['422'] },
        },
      },
      '/api/customers/{id}/restore': {
        parameters: [idParam],
        post: { tags: ['Customer'], summary: 'Restore a customer deleted in the last 30 days, with its contacts, deals and interactions', responses: { '200': ok('Restored', ref('Customer')), '404': errors['404'], '409': problem('An email is now taken') } },
      },
      '/api/opportunities/{id}/history': {
        parameters: [idParam],
        get: { tags: ['Opportunity'], summary: 'Stage changes of a deal, oldest first', responses: { '200': ok('The history', { type: 'array', items: ref('StageChange') }), '404': errors['404'] } },
      },
      '/api/stages': { get: { tags: ['Opportunity'], summary: "The default pipeline's stages in board order", responses: { '200': ok('Stages', { type: 'array', items: ref('Stage') }) } } },
      ...pipelines.paths,
      '/api/events': {
        get: {
          tags: ['Live'],
          summary: 'Changes after a sequence number',
          parameters: queryParameters(EventsQuery),
          responses: { '200': ok('Oldest first', { type: 'array', items: ref('ChangeEvent') }), '410': problem('No longer kept: refetch'), '422': errors['422'] },
        },
      },
      '/api/setup': {
        get: { tags: ['Accounts'], security: [], summary: 'Whether first-run setup is needed', responses: { '200': ok('Status', { type: 'object', properties: { needed: { type: 'boolean' } } }) } },
        post: { tags: ['Accounts'], security: [], summary: 'Create the first admin (only while no user exists)', requestBody: body('SetupInput'), responses: { '201': ok('Signed in', ref('Session')), '403': problem('Already set up'), '422': errors['422'], '429': problem('Too many attempts') } },
      },
      '/api/auth/login': { post: { tags: ['Accounts'], security: [], summary: 'Start a browser session', requestBody: body('LoginInput'), responses: { '200': ok('Signed in; sets the shoal_session cookie', ref('Session')), '401': errors['401'], '429': problem('Too many attempts') } } },
      '/api/auth/logout': { post: { tags: ['Accounts'], summary: 'End the session', responses: { '204': { description: 'Signed out' } } } },
      '/api/auth/me': { get: { tags: ['Accounts'], summary: 'The signed-in user (ETag: their version) and the CSRF token for browser writes', responses: { '200': ok('Session', ref('Session')), '401': errors['401'] } },
        patch: { tags: ['Accounts'], summary: 'Change your own name, email or password (the current password needed for a new email or password)', parameters: [ifMatch], requestBody: body('ProfilePatch'), responses: { '200': ok('Session', ref('Session')), '401': errors['401'], '412': problem('A field you write changed since your version'), '422': errors['422'], '429': problem('Too many attempts') } },
      },
      '/api/users': {
        get: { tags: ['Accounts'], summary: 'The team', responses: { '200': ok('Users', { type: 'array', items: ref('User') }) } },
        post: { tags: ['Accounts'], summary: 'Add a user (admins)', requestBody: body('UserCreate'), responses: { '201': ok('Created', ref('User')), '403': problem('Admins only'), '409': problem('Email already used'), '422': errors['422'] } },
      },
      '/api/users/{id}': {
        parameters: [idParam],
        get: { tags: ['Accounts'], summary: 'One team member, with an ETag of the version', responses: { '200': ok('The user', ref('User')), '404': errors['404'] } },
        patch: { tags: ['Accounts'], summary: 'Change a user: role, name, colour, active, password (admins)', parameters: [ifMatch], requestBody: body('UserPatch'), responses: { '200': ok('Changed', ref('User')), '403': problem('Admins only'), '412': problem('A field you write changed since your version'), '422': errors['422'] } },
      },
      '/api/tokens': {
        get: { tags: ['Accounts'], summary: 'Your personal API tokens (never their secrets)', responses: { '200': ok('Tokens', { type: 'array', items: ref('ApiToken') }) } },
        post: { tags: ['Accounts'], security: [{ basic: [] }, { bearer: [] }, { session: [] }], summary: 'Create a token; its secret is shown once. Also accepts HTTP Basic email:password.', requestBody: body('TokenCreate'), responses: { '201': ok('Created', ref('CreatedToken')), '401': errors['401'], '429': problem('Too many attempts') } },
      },
      '/api/fields': {
        get: { tags: ['Custom fields'], summary: 'Custom field definitions, of one kind of record or all', parameters: queryParameters(FieldListQuery), responses: { '200': ok('Definitions', { type: 'array', items: ref('FieldDefinition') }), '422': errors['422'] } },
        post: { tags: ['Custom fields'], summary: 'Add a custom field (admins); open clients get a `field` change event', requestBody: body('FieldCreate'), responses: { '201': ok('Created', ref('FieldDefinition')), '403': problem('Admins only'), '409': problem('The key is taken for this kind'), '422': errors['422'] } },
      },
      '/api/fields/{id}': {
        parameters: [idParam],
        patch: { tags: ['Custom fields'], summary: 'Change a custom field: label, options, required (admins)', requestBody: body('FieldPatch'), responses: { '200': ok('Changed', ref('FieldDefinition')), '403': problem('Admins only'), '404': errors['404'], '422': errors['422'] } },
        delete: { tags: ['Custom fields'], summary: "Delete a custom field (admins); records keep their values", responses: { '204': { description: 'Deleted' }, '403': problem('Admins only'), '404': errors['404'] } },
      },
      '/api/views': {
        get: { tags: ['Saved views'], summary: "The saved views you see: the team's and your own", parameters: queryParameters(ViewListQuery), responses: { '200': ok('Views', { type: 'array', items: ref('SavedView') }), '422': errors['422'] } },
        post: {
          tags: ['Saved views'],
          summary: 'Save a view of a list',
          description: "filters: the list's query parameters as strings, checked as the list checks them (422 naming filters.<name>); shared: me (yours alone) or team. A personal view's change event reaches your sockets only.",
          requestBody: body('ViewCreate'),
          responses: { '201': ok('Created', ref('SavedView')), '422': errors['422'] },
        },
      },
      '/api/views/{id}': {
        parameters: [idParam],
        get: { tags: ['Saved views'], summary: "A view you see (another's personal view is a 404)", responses: { '200': ok('The view; ETag is its version', ref('SavedView')), '404': errors['404'] } },
        patch: { tags: ['Saved views'], summary: 'Change a view: its owner, or an admin for a team view', parameters: [ifMatch], requestBody: body('ViewPatch'), responses: { '200': ok('Changed', ref('SavedView')), '403': problem('Not yours to change'), '404': errors['404'], '412': problem('Stale version'), '422': errors['422'] } },
        delete: { tags: ['Saved views'], summary: 'Delete a view: its owner, or an admin for a team view', parameters: [ifMatch], responses: { '204': { description: 'Deleted' }, '403': problem('Not yours to change'), '404': errors['404'], '412': problem('Stale version') } },
      },
      '/api/demo-data': {
        post: { tags: ['Demo data'], summary: 'Load the demo team into an empty Shoal (admins); progress as socket job events and at /api/demo-data/{id}', responses: { '202': ok('Loading', ref('JobProgress')), '403': problem('Admins only'), '409': problem('Not empty, or already loading') } },
      },
      '/api/demo-data/{id}': {
        parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
        get: { tags: ['Demo data'], summary: 'The demo data job', responses: { '200': ok('The job', ref('JobProgress')), '404': errors['404'] } },
      },
      '/api/openapi.json': { get: { tags: ['Reference'], security: [], summary: 'This document', responses: { '200': ok('OpenAPI 3.1', { type: 'object' }) } } },
      '/healthz': { get: { tags: ['Operations'], security: [], summary: 'Liveness: fails only when Shoal cannot heal by itself', responses: { '200': ok('Alive', { type: 'object' }), '503': ok('Failing', { type: 'object' }) } } },
      '/readyz': { get: { tags: ['Operations'], security: [], summary: 'Readiness: whether the database answers now', responses: { '200': ok('Ready', { type: 'object' }), '503': ok('Database unreachable', { type: 'object' }) } } },
      '/api/tokens/{id}': { parameters: [idParam], delete: { tags: ['Accounts'], summary: 'Revoke a token', responses: { '204': { description: 'Revoked' }, '404': errors['404'] } } },
    },
  };
}
