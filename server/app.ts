import { existsSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import express from 'express';
import { RedisStore } from 'rate-limit-redis';
import type { Connection } from 'mongoose';
import swaggerUi from 'swagger-ui-express';
import { authenticate } from './auth/auth.middleware.js';
import { sessionModel, tokenModel } from './auth/auth.model.js';
import { authRoutes } from './auth/auth.routes.js';
import { createAuthService, type AuthService } from './auth/auth.service.js';
import { contactModel } from './contacts/contact.model.js';
import { isFerretDb } from './db/connection.js';
import type { EngineHealth } from './db/engine.js';
import { contactRoutes } from './contacts/contact.routes.js';
import { createContactService, type ContactService } from './contacts/contact.service.js';
import { customerModel, deletedCustomerModel } from './customers/customer.model.js';
import { customerRoutes } from './customers/customer.routes.js';
import { createCustomerService, type CustomerService } from './customers/customer.service.js';
import { eventModel } from './events/event.model.js';
import { fieldModel } from './fields/field.model.js';
import { fieldRoutes } from './fields/field.routes.js';
import { createFieldService, type FieldService } from './fields/field.service.js';
import { eventRoutes } from './events/event.routes.js';
import { createEventLog, type EventLog } from './events/event.service.js';
import { createOutbox, type OutboxDeps } from './events/outbox.js';
import { createDashboard, type DashboardService } from './dashboard/dashboard.service.js';
import { dashboardRoutes } from './dashboard/dashboard.routes.js';
import { loadDemoData, type DemoProgress, type DemoSize } from './demo/demo-data.js';
import { demoRoutes } from './demo/demo.routes.js';
import { createIdempotency } from './http/idempotency.js';
import { openApiDocument } from './http/openapi.js';
import { bySegment } from './http/by-segment.js';
import { expressServer } from './http/express-server.js';
import { requestLog } from './http/request-log.js';
import { securityHeaders } from './http/security-headers.js';
import { jsonBody, requireJsonBody } from './http/json-body.js';
import { notFoundHandler, problemHandler } from './http/problem.js';
import { interactionModel } from './interactions/interaction.model.js';
import { interactionRoutes } from './interactions/interaction.routes.js';
import { createInteractionService, type InteractionService } from './interactions/interaction.service.js';
import { taskModel } from './tasks/task.model.js';
import { taskRoutes } from './tasks/task.routes.js';
import { createTaskService, type TaskService } from './tasks/task.service.js';
import { createReminders } from './tasks/reminders.js';
import { KeyedLock } from './lib/keyed-lock.js';
import { opportunityModel, stageChangeModel } from './opportunities/opportunity.model.js';
import { opportunityRoutes } from './opportunities/opportunity.routes.js';
import { createOpportunityService, toOpportunity, type OpportunityService } from './opportunities/opportunity.service.js';
import { pipelineModel } from './pipelines/pipeline.model.js';
import { viewModel } from './views/view.model.js';
import { viewRoutes } from './views/view.routes.js';
import { createViewService, type ViewService } from './views/view.service.js';
import { pipelineRoutes } from './pipelines/pipeline.routes.js';
import { createPipelineService, type PipelineService } from './pipelines/pipeline.service.js';
import { createRotting, type Rotting } from './pipelines/rotting.js';
import { mentionChecks, referenceChecks } from './records/references.js';
import { createCheckpoints } from './read-model/checkpoint.js';
import { createReadModel, type ReadModel } from './read-model/read-model.js';
import type { Logger } from './logger.js';
import { csvResources } from './csv/csv-resources.js';
import { csvRoutes } from './csv/csv.routes.js';
import { createRealtime, userRoom, type ShoalServer } from './realtime/realtime.js';
import { connectScaleOut } from './realtime/scale-out.js';
import { createClusterLock } from './lib/cluster-lock.js';
import { inboxModel } from './notifications/notification.model.js';
import { notificationRoutes } from './notifications/notification.routes.js';
import { createNotifications, type NotificationService } from './notifications/notification.service.js';
import type { Actor } from '../shared/common.js';
import { firstBoardPath } from '../shared/board-query.js';
import { roomOf } from '../shared/rooms.js';
import type { JobProgress } from '../shared/events.js';
import { userModel } from './users/user.model.js';
import { userRoutes } from './users/user.routes.js';
import { createUserService, type UserService } from './users/user.service.js';

export interface AppDeps {
  connection: Connection;
  logger: Logger;
  clock?: () => Date;
  /** The built web client to serve (client/dist); none in API-only tests. */
  clientDir?: string;
  /** Days events are kept for `GET /api/events` (default 30). */
  eventRetentionDays?: number;
  /** How long open dashboards' notices of changes are gathered into one (default 500 ms). */
  dashboardCoalesceMs?: number;
  /** Largest JSON body accepted (default 1 MB). */
  bodyLimit?: string;
  /** Name of the engine, for `/readyz`. */
  engineName?: string;
  /** How the engine Shoal started is doing (restarting, failed), for `/healthz` and `/readyz`. */
  engineHealth?: () => EngineHealth;
  /** The first admin for unattended installs (SHOAL_ADMIN_EMAIL / SHOAL_ADMIN_PASSWORD). */
  bootstrapAdmin?: { email: string; password: string };
  /** Days a browser session lasts (default 7). */
  sessionDays?: number;
  /** How much demo data the first-run screen loads (default: SPEC's realistic team). */
  demoSize?: DemoSize;
  /** Sign-in and token-creation attempts allowed per client address and window. */
  limits?: { loginLimit?: number; tokenLimit?: number; windowMs?: number };
  /** Fault injection for tests: `afterRecordWrite` runs between a record write and its event. */
  faults?: { afterRecordWrite?: OutboxDeps['afterRecordWrite'] };
  /** Redis for scale-out (`REDIS_URL`): several Shoal processes on one database share rooms and changes. */
  redisUrl?: string | undefined;
  /** Origins besides Shoal's own whose pages may open a socket with the session cookie (`SHOAL_ALLOWED_ORIGINS`). */
  allowedOrigins?: readonly string[] | undefined;
  /**
   * Express's `trust proxy` (`SHOAL_TRUST_PROXY`): which peers' X-Forwarded-For and
   * X-Forwarded-Proto to believe. Off by default, so a client cannot pick its own address.
   */
  trustProxy?: boolean | number | string | undefined;
  /** Where the read model keeps its checkpoint (SHOAL_DATA_DIR); none: every start loads from the database. */
  checkpointDir?: string | undefined;
  /** How often a changed read model is checkpointed (default 10 minutes). */
  checkpointEveryMs?: number;
  /** How often deals are checked for rotting as time passes (default a minute). */
  rottingCheckMs?: number;
}

export interface ShoalApp {
  app: express.Express;
  server: http.Server;
  io: ShoalServer;
  events: EventLog;
  customers: CustomerService;
  contacts: ContactService;
  opportunities: OpportunityService;
  interactions: InteractionService;
  tasks: TaskService;
  notifications: NotificationService;
  /** Delivers task reminders at their time (tests read how many are pending). */
  reminders: { readonly pending: number };
  users: UserService;
  /** Custom field definitions (SPEC section 12). */
  fields: FieldService;
  /** Pipelines and their stages (SPEC section 12). */
  pipelines: PipelineService;
  /** Saved views of lists (SPEC section 12). */
  views: ViewService;
  /** Marks rotting deals (a check every `rottingCheckMs`; tests call `check()`). */
  rotting: Rotting;
  auth: AuthService;
  dashboard: DashboardService;
  /** The read model every list, search, count and board is answered from. */
  reads: ReadModel;
  /** Loads the demo team's data through the services (first-run screen, `npm run seed`). */
  loadDemo(actor: Actor, onProgress?: (p: DemoProgress) => void, size?: DemoSize): Promise<DemoSize>;
  /** Listens on `port` (0 for a free one) and resolves with the port. */
  listen(port: number, host?: string): Promise<number>;
  close(): Promise<void>;
}


/**
 * Builds Shoal from injected parts: express for REST, socket.io for live updates, the
 * services on the given mongoose connection. `server/main.ts` only wires config and listens.
 */
export async function createApp(deps: AppDeps): Promise<ShoalApp> {
  const { connection, logger } = deps;
  const clock = deps.clock ?? (() => new Date());
  const locks = new KeyedLock();

  const models = {
    customer: customerModel(connection),
    deletedCustomer: deletedCustomerModel(connection),
    contact: contactModel(connection),
    opportunity: opportunityModel(connection),
    stageChange: stageChangeModel(connection),
    interaction: interactionModel(connection),
    task: taskModel(connection),
    inbox: inboxModel(connection),
    event: eventModel(connection),
    user: userModel(connection),
    session: sessionModel(connection),
    token: tokenModel(connection),
    field: fieldModel(connection),
    pipeline: pipelineModel(connection),
    view: viewModel(connection),
  };
  await Promise.all(Object.values(models).map((m) => m.createIndexes()));

  const events = createEventLog({ model: models.event, logger, clock, retentionDays: deps.eventRetentionDays ?? 30 });
  const dashboard = createDashboard({ clock, ...(deps.dashboardCoalesceMs !== undefined ? { coalesceMs: deps.dashboardCoalesceMs } : {}) });
  const reads = createReadModel({
    models,
    events,
    logger,
    checkpoints: deps.checkpointDir ? createCheckpoints({ dir: deps.checkpointDir, connection, logger }) : undefined,
    projections: [dashboard.projection],
  });
  dashboard.attach(reads);
  const checkReferences = referenceChecks(models, reads);
  const versionedUpdates = !(await isFerretDb(connection));
  // Set once the user service exists (it is built after the domain services).
  const userLookup = { byId: (id: string) => users.byId(id) };
  const checkMentions = mentionChecks(userLookup);
  const isActiveUser = async (id: string) => (await userLookup.byId(id))?.active === true;
  // Keyed by database, so deployments (and test runs) sharing one Redis stay apart.
  const scaleOut = deps.redisUrl ? await connectScaleOut({ url: deps.redisUrl, namespace: connection.name, events, logger }) : undefined;
  const clusterLock = createClusterLock(locks, scaleOut?.redis);
  // Keys are claimed under the cluster lock with scale-out: two processes never both run one.
  const idempotency = createIdempotency(connection, clock, scaleOut ? clusterLock : undefined);
  await idempotency.model.createIndexes();
  const fields = createFieldService({ model: models.field, events, locks: clusterLock, clock });
  await fields.load();
  const outbox = createOutbox({
    connection,
    events,
    eventModel: models.event,
    models: { customer: models.customer, contact: models.contact, opportunity: models.opportunity, interaction: models.interaction, task: models.task, pipeline: models.pipeline, user: models.user, view: models.view },
    locks: clusterLock,
    clock,
    logger,
    ...(deps.faults?.afterRecordWrite ? { afterRecordWrite: deps.faults.afterRecordWrite } : {}),
  });
  const views = createViewService({ model: models.view, fields, events, outbox, locks: clusterLock, clock });
  const pipelines = createPipelineService({
    model: models.pipeline,
    deals: models.opportunity,
    connection,
    reads,
    events,
    outbox,
    locks: clusterLock,
    clock,
    logger,
    dealToApi: (doc) => toOpportunity(doc) as unknown as Record<string, unknown>,
  });
  dashboard.usePipelines(pipelines);
  // Set once the realtime layer exists: sends to one user's sockets.
  let toUser: (userId: string) => { emit: ShoalServer['emit'] } = () => ({ emit: () => true });
  const notifications = createNotifications({
    model: models.inbox,
    isActiveUser,
    lock: clusterLock,
    clock,
    logger,
    versionedUpdates,
    emit: (userId, { notification, unread }) => {
      if (notification) toUser(userId).emit('notification', notification);
      toUser(userId).emit('inbox', { unread });
    },
  });
  const notifier = notifications;
  /** The domain services; the demo-data loader builds a set with its own clock to backdate records. */
  const domainServices = (at: () => Date) => ({
    customers: createCustomerService({
      model: models.customer,
      children: { contacts: models.contact, opportunities: models.opportunity, interactions: models.interaction, tasks: models.task },
      trash: models.deletedCustomer,
      notifier,
      events,
      reads,
      outbox,
      locks: clusterLock,
      clock: at,
      versionedUpdates,
      fields,
    }),
    contacts: createContactService({ model: models.contact, fields, events, reads, outbox, locks: clusterLock, clock: at, versionedUpdates, checkReferences }),
    opportunities: createOpportunityService({ model: models.opportunity, stageChanges: models.stageChange, pipelines, fields, events, reads, outbox, locks: clusterLock, clock: at, versionedUpdates, checkReferences, notifier }),
    interactions: createInteractionService({ model: models.interaction, fields, events, reads, outbox, locks: clusterLock, clock: at, versionedUpdates, checkReferences, checkMentions, notifier }),
    tasks: createTaskService({ model: models.task, fields, events, reads, outbox, locks: clusterLock, clock: at, versionedUpdates, checkReferences, checkMentions, isActiveUser, opportunities: models.opportunity, notifier }),
  });
  const { customers, contacts, opportunities, interactions, tasks } = domainServices(clock);
  // Changes a process that died left without their events get them now, before any request.
  const settled = await outbox.reconcile();
  if (settled) logger.warn({ intents: settled }, 'settled the writes a previous run left unfinished');
  // The pipelines, and (once per database) the default pipeline for the deals made before them.
  await pipelines.start();
  await views.load();
  const rotting = createRotting({ reads, pipelines, deals: opportunities, events, locks: clusterLock, clock, logger, ...(deps.rottingCheckMs ? { everyMs: deps.rottingCheckMs } : {}) });
  const loadDemo = (actor: Actor, onProgress?: (p: DemoProgress) => void, size?: DemoSize) => {
    let demoNow = clock();
    const now = demoNow;
    const chosen = size ?? deps.demoSize;
    return loadDemoData({ users, admin: actor, services: domainServices(() => demoNow), setClock: (at) => (demoNow = at), now, ...(chosen ? { size: chosen } : {}), ...(onProgress ? { onProgress } : {}) });
  };
  // Set once the realtime layer exists: sends a job's progress to its user's sockets.
  let notifyJob: (userId: string, progress: JobProgress) => void = () => undefined;
  const users = createUserService({ model: models.user, events, outbox, locks, adminLock: clusterLock, clock, share: scaleOut?.access });
  const sessionDays = deps.sessionDays ?? 7;
  const auth = createAuthService({ users, sessions: models.session, tokens: models.token, clock, sessionDays, share: scaleOut?.access });
  // Another process ended a credential or changed a user: this one's caches drop it at once.
  scaleOut?.access.subscribe((notice) => auth.forget(notice));
  if (deps.bootstrapAdmin && (await users.needsSetup())) {
    await users.setup({ name: 'Admin', ...deps.bootstrapAdmin });
    logger.info({ email: deps.bootstrapAdmin.email }, 'created the first admin from SHOAL_ADMIN_EMAIL');
  }

  const app = express();
  app.disable('x-powered-by');
  // Records carry their own ETag (the version); no hash of list bodies.
  app.set('etag', false);
  app.set('trust proxy', deps.trustProxy ?? false);
  app.set('query parser', 'simple');
  app.use(securityHeaders());

  const engineHealth = deps.engineHealth ?? ((): EngineHealth => ({ state: 'external', restarts: 0 }));
  // Liveness: fails only when Shoal cannot heal by itself (its engine keeps dying), so a
  // supervisor restarts Shoal then, and not during an outage Shoal is already repairing.
  app.get('/healthz', (_req, res) => {
    const engine = engineHealth();
    if (engine.state === 'failed') {
      res.status(503).json({ status: 'failing', reason: 'the embedded database engine keeps dying', engine });
      return;
    }
    res.json({ status: 'ok' });
  });
  // Readiness: whether the database answers now.
  app.get('/readyz', async (_req, res) => {
    const engine = { name: deps.engineName ?? 'unknown', ...engineHealth() };
    try {
      await connection.db!.command({ ping: 1 });
      res.json({ status: 'ready', engine: engine.name, database: 'up', engineState: engine.state, restarts: engine.restarts });
    } catch {
      res.setHeader('Retry-After', '2');
      res.status(503).json({ status: 'database unavailable', engine: engine.name, database: 'unreachable', engineState: engine.state, restarts: engine.restarts });
    }
  });

  const api = express.Router();
  const openApi = openApiDocument();
  api.get('/openapi.json', (_req, res) => {
    res.json(openApi);
  });
  api.use('/docs', swaggerUi.serve, swaggerUi.setup(openApi, { customSiteTitle: 'Shoal API reference' }));
  api.use(requestLog(logger));
  // CSV files come as text/csv (every other body is JSON): these routes take them before the JSON checks.
  api.use(
    bySegment(
      csvRoutes({
        resources: csvResources({ customers, contacts, opportunities, interactions, tasks, reads, fields }),
        authenticate: authenticate(auth),
        notify: (userId, progress) => notifyJob(userId, progress),
        logger,
      }),
    ),
  );
  api.use(requireJsonBody);
  const accounts = authRoutes(users, auth, {
    sessionDays,
    loginLimit: deps.limits?.loginLimit ?? 10,
    tokenLimit: deps.limits?.tokenLimit ?? 10,
    limitWindowMs: deps.limits?.windowMs ?? 60_000,
    // With scale-out, every process counts against the same limits.
    limitStore: (name) => {
      const redis = scaleOut?.redis.client;
      return redis ? new RedisStore({ sendCommand: (...args: string[]) => redis.sendCommand(args), prefix: `shoal:${connection.name}:ratelimit:${name}:` }) : undefined;
    },
  });
  api.use(bySegment(accounts.publicRouter, accounts.tokenRouter));
  // Everything below needs a session or a bearer token, checked before the body is read.
  api.use(authenticate(auth));
  api.use(jsonBody(deps.bodyLimit ?? '1mb'));
  // Each request enters only the routers of its first path segment (http/by-segment.ts).
  api.use(
    bySegment(
      accounts.signedInRouter,
      userRoutes(users, auth),
      fieldRoutes(fields),
      customerRoutes(customers, idempotency),
      contactRoutes(contacts, idempotency),
      pipelineRoutes(pipelines),
      viewRoutes(views),
      opportunityRoutes(opportunities, idempotency, dashboard, pipelines),
      interactionRoutes(interactions, idempotency),
      taskRoutes(tasks, idempotency),
      notificationRoutes(notifications),
      dashboardRoutes(dashboard),
      demoRoutes({
        isEmpty: async () => (await models.customer.estimatedDocumentCount()) === 0,
        load: (actor, onProgress) => loadDemo(actor, onProgress),
        notify: (userId, progress) => notifyJob(userId, progress),
        logger,
      }),
      eventRoutes(events),
    ),
  );
  api.use(notFoundHandler);
  app.use('/api', api);

  if (deps.clientDir && existsSync(path.join(deps.clientDir, 'index.html'))) {
    const clientDir = deps.clientDir;
    app.use(express.static(clientDir, { index: false, maxAge: '1h' }));
    // The single-page app answers every other GET with its shell.
    app.use((req, res, next) => {
      if (req.method !== 'GET' || req.path.startsWith('/socket.io')) return next();
      res.setHeader('Cache-Control', 'no-cache');
      // The board's first answer, asked for by the browser with the page (before any script runs):
      // the client's first request for it is the same one (shared/board-query.ts), so it takes this.
      if (req.path === '/pipeline') {
        const { search } = new URL(req.originalUrl, 'http://shoal.invalid');
        res.setHeader('Link', `</api${firstBoardPath(search)}>; rel=preload; as=fetch; crossorigin=anonymous`);
      }
      res.sendFile(path.join(clientDir, 'index.html'));
    });
  }
  app.use(problemHandler(logger));

  const server = expressServer(app);
  const realtime = createRealtime(server, { events, auth, logger, adapter: scaleOut?.adapter, allowedOrigins: deps.allowedOrigins });
  notifyJob = (userId, progress) => realtime.io.to(userRoom(userId)).emit('job', progress);
  toUser = (userId) => realtime.io.to(userRoom(userId));
  const reminders = createReminders({ model: models.task, events, locks, lock: clusterLock, notifier, clock, logger, versionedUpdates });
  // Not awaited: reads wait for nothing; reminders due while Shoal was down go out once loaded.
  reminders.start().catch((error: unknown) => logger.error({ err: error }, 'could not load the pending reminders'));
  // Every process keeps its own dashboard facts and tells its own sockets (those on the dashboard view).
  const dashboardRoom = roomOf({ kind: 'presence', view: 'dashboard' });
  dashboard.onChange((seq) => realtime.io.local.to(dashboardRoom).emit('dashboard', { seq }));

  const maintenance = setInterval(
    () => {
      const now = clock();
      Promise.all([events.prune(now), idempotency.prune(now), auth.prune(now), customers.prune(now)]).catch((error) => logger.warn({ err: error }, 'pruning failed'));
    },
    60 * 60 * 1000,
  );
  maintenance.unref();
  // A checkpoint now and then, so a start replays few events (SPEC section 10: reads within 30 s).
  let checkpointSeq = -1;
  const checkpointing = setInterval(() => {
    const state = reads.loaded();
    if (!state || state.seq === checkpointSeq) return;
    checkpointSeq = state.seq;
    reads.checkpoint().catch((error) => logger.warn({ err: error }, 'read model checkpoint failed'));
  }, deps.checkpointEveryMs ?? 10 * 60 * 1000);
  checkpointing.unref();
  // Intents another process left (it died mid-write) are settled by whoever is still running.
  const sweep = setInterval(() => outbox.reconcile(60_000).catch((error) => logger.warn({ err: error }, 'settling unfinished writes failed')), 60_000);
  sweep.unref();

  return {
    app,
    server,
    io: realtime.io,
    events,
    customers,
    contacts,
    opportunities,
    interactions,
    tasks,
    notifications,
    reminders,
    users,
    fields,
    pipelines,
    views,
    rotting,
    auth,
    dashboard,
    reads,
    loadDemo,
    listen: (port, host = '127.0.0.1') =>
      new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => {
          const address = server.address();
          resolve(typeof address === 'object' && address ? address.port : port);
        });
      }),
    close: async () => {
      clearInterval(maintenance);
      clearInterval(checkpointing);
      clearInterval(sweep);
      rotting.close();
      outbox.close();
      await reads.checkpoint().catch((error) => logger.warn({ err: error }, 'read model checkpoint failed'));
      dashboard.close();
      await reminders.close();
      await notifications.settled();
      reads.close();
      server.closeAllConnections();
      await realtime.close();
      await scaleOut?.close();
    },
  };
}
