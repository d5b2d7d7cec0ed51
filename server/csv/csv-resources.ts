import type { FieldDefinition, FieldEntity } from '../../shared/field.js';
import type { FieldService } from '../fields/field.service.js';
import type { ReadModel } from '../read-model/read-model.js';
import { ContactCreate, ContactExportQuery } from '../../shared/contact.js';
import { CustomerCreate, CustomerExportQuery } from '../../shared/customer.js';
import type { ContactService } from '../contacts/contact.service.js';
import type { CustomerService } from '../customers/customer.service.js';
import { TaskCreate, TaskExportQuery } from '../../shared/task.js';
import type { TaskService } from '../tasks/task.service.js';
import { InteractionCreate, InteractionExportQuery } from '../../shared/interaction.js';
import { OpportunityCreate, OpportunityExportQuery } from '../../shared/opportunity.js';
import type { InteractionService } from '../interactions/interaction.service.js';
import type { OpportunityService } from '../opportunities/opportunity.service.js';
import type { FieldError } from '../http/app-error.js';
import type { CsvRow } from './csv.js';
import type { CsvColumn } from './csv.js';
import type { CsvResource } from './csv.routes.js';

const stamps: CsvColumn[] = [
  { header: 'createdAt', field: 'createdAt', imported: false },
  { header: 'updatedAt', field: 'updatedAt', imported: false },
];

/** The columns of customers' and contacts' CSV files (README, "CSV export and import"). */
export const CUSTOMER_COLUMNS: CsvColumn[] = [
  { header: 'id', field: 'id', imported: false },
  { header: 'name', field: 'name' },
  { header: 'email', field: 'email' },
  { header: 'phone', field: 'phone' },
  { header: 'address', field: 'address' },
  { header: 'website', field: 'website' },
  { header: 'industry', field: 'industry' },
  { header: 'ownerId', field: 'ownerId' },
  { header: 'tags', field: 'tags', list: true },
  ...stamps,
];

export const CONTACT_COLUMNS: CsvColumn[] = [
  { header: 'id', field: 'id', imported: false },
  { header: 'customerId', field: 'customerId' },
  // On import, a contact's customer can also be named by its email.
  { header: 'customerEmail', field: 'customerEmail', exported: false },
  { header: 'name', field: 'name' },
  { header: 'email', field: 'email' },
  { header: 'phone', field: 'phone' },
  { header: 'position', field: 'position' },
  ...stamps,
];

/** Tasks; an import creates open tasks (`done` and when it was done are export-only). */
export const TASK_COLUMNS: CsvColumn[] = [
  { header: 'id', field: 'id', imported: false },
  { header: 'title', field: 'title' },
  { header: 'type', field: 'type' },
  { header: 'dueAt', field: 'dueAt' },
  { header: 'remindAt', field: 'remindAt' },
  { header: 'assigneeId', field: 'assigneeId' },
  { header: 'customerId', field: 'customerId' },
  { header: 'contactId', field: 'contactId' },
  { header: 'opportunityId', field: 'opportunityId' },
  { header: 'notes', field: 'notes' },
  { header: 'done', field: 'done', imported: false },
  { header: 'completedAt', field: 'completedAt', imported: false },
  { header: 'completedBy', field: 'completedBy', imported: false },
  ...stamps,
];

/**
 * A decimal number as a spreadsheet writes one: `1200.5`, `-3`, `.5`, or with thousands
 * separated by commas (`1,200.50`); anything else is passed on, so the row fails naming the column.
 */
const decimal = (cell: string | string[]): unknown => {
  if (typeof cell !== 'string') return cell;
  const plain = /^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$/.test(cell) ? cell.replace(/,/g, '') : cell;
  return /^[+-]?(\d+\.?\d*|\.\d+)$/.test(plain) ? Number(plain) : cell;
};
/** A day alone (`2026-11-24`) is that day at midnight UTC; a date and time stays as written. */
const dateTime = (cell: string | string[]): unknown => (typeof cell === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(cell) ? `${cell}T00:00:00.000Z` : cell);
const lowerCase = (cell: string | string[]): unknown => (typeof cell === 'string' ? cell.toLowerCase() : cell);

/**
 * Deals. `stage` is a key or a name of the deal's pipeline (any case; a bare "Closed" is
 * refused naming Closed Won and Closed Lost), `amount` a decimal number; the rank, closing
 * time and rotting mark are Shoal's, so export-only.
 */
export const DEAL_COLUMNS: CsvColumn[] = [
  { header: 'id', field: 'id', imported: false },
  { header: 'customerId', field: 'customerId' },
  { header: 'customerEmail', field: 'customerEmail', exported: false },
  { header: 'contactId', field: 'contactId' },
  { header: 'pipelineId', field: 'pipelineId' },
  { header: 'name', field: 'name' },
  { header: 'stage', field: 'stage' },
  { header: 'amount', field: 'amount', read: decimal },
  { header: 'currency', field: 'currency', read: (cell) => (typeof cell === 'string' ? cell.toUpperCase() : cell) },
  { header: 'probability', field: 'probability', read: decimal },
  { header: 'expectedCloseDate', field: 'expectedCloseDate' },
  { header: 'ownerId', field: 'ownerId' },
  { header: 'lostReason', field: 'lostReason' },
  { header: 'closedAt', field: 'closedAt', imported: false },
  { header: 'rotting', field: 'rotting', imported: false },
  ...stamps,
];

/** Interactions; `userId` is whoever imports them (as for `POST`), so export-only. */
export const INTERACTION_COLUMNS: CsvColumn[] = [
  { header: 'id', field: 'id', imported: false },
  { header: 'customerId', field: 'customerId' },
  { header: 'customerEmail', field: 'customerEmail', exported: false },
  { header: 'contactId', field: 'contactId' },
  { header: 'type', field: 'type', read: lowerCase },
  { header: 'date', field: 'date', read: dateTime },
  { header: 'subject', field: 'subject' },
  { header: 'notes', field: 'notes' },
  { header: 'durationMinutes', field: 'durationMinutes', read: decimal },
  { header: 'userId', field: 'userId', imported: false },
  ...stamps,
];

const TRUE = ['true', 'yes', 'y', '1', 'x'];
const FALSE = ['false', 'no', 'n', '0'];

/**
 * How a cell of a custom field's column is read: numbers and money as numbers, a checkbox from
 * true/yes/1/x or false/no/0, an option by its key or its label (any case). A cell that does
 * not fit is passed on as it is, so the row fails with the field's own message naming the column.
 */
function customCell(def: FieldDefinition): ((cell: string | string[]) => unknown) | undefined {
  const option = (cell: string) => def.options?.find((o) => o.key === cell || o.key.toLowerCase() === cell.toLowerCase() || o.label.toLowerCase() === cell.toLowerCase())?.key ?? cell;
  switch (def.type) {
    case 'number':
    case 'money':
      return (cell) => (typeof cell === 'string' && /^[+-]?(\d+\.?\d*|\.\d+)$/.test(cell) ? Number(cell) : cell);
    case 'checkbox':
      return (cell) => (typeof cell !== 'string' ? cell : TRUE.includes(cell.toLowerCase()) ? true : FALSE.includes(cell.toLowerCase()) ? false : cell);
    case 'select':
      return (cell) => (typeof cell === 'string' ? option(cell) : cell);
    case 'multiselect':
      return (cell) => (Array.isArray(cell) ? cell.map(option) : cell);
    default:
      return undefined;
  }
}

/**
 * The columns of a kind's custom fields, one per definition, headed `custom.<key>` as the API
 * names the field (labels change and may repeat; keys do not): exported and imported like the
 * fixed columns, a multiselect as a list.
 */
export function customColumns(fields: FieldService, entity: FieldEntity): CsvColumn[] {
  return fields.list(entity).map((def) => {
    const read = customCell(def);
    return { header: `custom.${def.key}`, field: `custom.${def.key}`, ...(def.type === 'multiselect' ? { list: true } : {}), ...(read ? { read } : {}) };
  });
}

/** Customers, contacts, deals, interactions and tasks as CSV files: their columns, and the services that read and write them. */
export function csvResources(deps: {
  customers: CustomerService;
  contacts: ContactService;
  opportunities: OpportunityService;
  interactions: InteractionService;
  tasks: TaskService;
  reads: ReadModel;
  fields: FieldService;
}): CsvResource<any>[] {
  const { customers, contacts, opportunities, interactions, tasks, reads, fields } = deps;
  const columns = (fixed: CsvColumn[], entity: FieldEntity) => () => [...fixed, ...customColumns(fields, entity)];
  /** Rows whose customer may be named by its email (`customerEmail`), found in the read model: no read per row, no scan. */
  const byCustomerEmail = async (rows: CsvRow[]): Promise<(Record<string, unknown> | FieldError[])[]> => {
    const customersTable = (await reads.ready()).tables.customer;
    return rows.map(({ values }) => {
      const { customerEmail, ...input } = values;
      if (input.customerId || !customerEmail) return input;
      const customerId = customersTable.idsWhere('email', String(customerEmail).toLowerCase())[0];
      return customerId ? { ...input, customerId } : [{ path: 'customerEmail', message: 'is not the email of an existing customer' }];
    });
  };
  return [
    {
      path: 'customers',
      columns: columns(CUSTOMER_COLUMNS, 'customer'),
      required: [['name'], ['email']],
      exportQuery: CustomerExportQuery,
      stream: (query: CustomerExportQuery) => customers.stream(query) as AsyncIterable<Record<string, unknown>>,
      create: CustomerCreate,
      createMany: customers.createMany,
      batch: customers.batch,
    },
    {
      path: 'contacts',
      columns: columns(CONTACT_COLUMNS, 'contact'),
      required: [['customerId', 'customerEmail'], ['name'], ['email']],
      exportQuery: ContactExportQuery,
      stream: (query: ContactExportQuery) => contacts.stream(query) as AsyncIterable<Record<string, unknown>>,
      create: ContactCreate,
      inputs: byCustomerEmail,
      createMany: contacts.createMany,
      batch: contacts.batch,
    },
    {
      path: 'opportunities',
      columns: columns(DEAL_COLUMNS, 'opportunity'),
      required: [['customerId', 'customerEmail'], ['name'], ['stage'], ['amount']],
      exportQuery: OpportunityExportQuery,
      stream: (query: OpportunityExportQuery) => opportunities.stream(query) as AsyncIterable<Record<string, unknown>>,
      create: OpportunityCreate,
      inputs: byCustomerEmail,
      createMany: opportunities.createMany,
      batch: opportunities.batch,
    },
    {
      path: 'interactions',
      columns: columns(INTERACTION_COLUMNS, 'interaction'),
      required: [['customerId', 'customerEmail'], ['type'], ['date']],
      exportQuery: InteractionExportQuery,
      stream: (query: InteractionExportQuery) => interactions.stream(query) as AsyncIterable<Record<string, unknown>>,
      create: InteractionCreate,
      inputs: byCustomerEmail,
      createMany: interactions.createMany,
      batch: interactions.batch,
    },
    {
      path: 'tasks',
      columns: columns(TASK_COLUMNS, 'task'),
      required: [['title'], ['dueAt']],
      exportQuery: TaskExportQuery,
      stream: (query: TaskExportQuery) => tasks.stream(query) as AsyncIterable<Record<string, unknown>>,
      create: TaskCreate,
      createMany: tasks.createMany,
      batch: tasks.batch,
    },
  ];
}
