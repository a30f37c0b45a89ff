import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { type ZodType, z } from 'zod';
import type { Store } from '../../store/open-store.js';
import { type Access, roleGrantsPermission } from '../access/permissions.js';
import { sameSecret } from '../auth/secret-tokens.js';
import type { Sessions } from '../auth/sessions.js';
import { HttpError } from './http-error.js';
import { type Authentication, authenticate, type Principal } from './principal.js';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** A route as declared: what it needs of the caller and the shapes it takes and gives. */
export interface RouteSpec<Params = unknown, Query = unknown, Body = unknown> {
  method: HttpMethod;
  url: string;
  /** The permission it needs, or a sign-in step, `signed-in` (any role) or `public`. */
  access: Access;
  summary: string;
  tag: string;
  params?: ZodType<Params>;
  query?: ZodType<Query>;
  body?: ZodType<Body>;
  response?: ZodType;
  /** A route whose answer is not JSON (an event stream, metrics, the console's files). */
  produces?: string;
  /** Bytes its request body may hold, above the server's 256 KiB (an uploaded document). */
  bodyLimit?: number;
}

export interface RouteCall<Params, Query, Body> {
  request: FastifyRequest;
  reply: FastifyReply;
  params: Params;
  query: Query;
  body: Body;
  /** Null only on `public` routes called by nobody. */
  principal: Principal | null;
}

/** The parts of the server a route check needs. */
export interface RouteGuard {
  store: Store;
  sessions: Sessions;
  now: () => number;
}

const unsafeMethods = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Registers routes so that none can skip its checks: authentication, the declared access, CSRF
 * on cookie-authenticated changes, and zod validation of params, query and body, in that order.
 * The list of specs is what the OpenAPI document and the authorisation test enumerate.
 *
 * @example
 * routes.add({ method: 'GET', url: '/api/v1/devices/:id', access: 'inventory:read', summary: 'One device', tag: 'inventory', params: z.object({ id: z.string() }) },
 *   async ({ params }) => deviceDetail(params.id));
 */
export class RouteTable {
  readonly specs: RouteSpec[] = [];

  constructor(
    private readonly app: FastifyInstance,
    private readonly guard: RouteGuard,
  ) {}

  add<Params, Query, Body>(
    spec: RouteSpec<Params, Query, Body>,
    handler: (call: RouteCall<Params, Query, Body>) => Promise<unknown>,
  ): void {
    this.specs.push(spec as RouteSpec);
    this.app.route({
      method: spec.method,
      url: spec.url,
      ...(spec.bodyLimit === undefined ? {} : { bodyLimit: spec.bodyLimit }),
      handler: async (request, reply) => {
        const authentication = await authenticate(
          request,
          this.guard.store,
          this.guard.sessions,
          this.guard.now(),
        );
        const principal = this.#authorise(spec, authentication);
        if (unsafeMethods.has(spec.method)) checkSameOrigin(request);
        if (unsafeMethods.has(spec.method) && spec.access !== 'public' && principal?.kind === 'session')
          checkCsrf(request, principal);
        const params = parse(spec.params, request.params, 'params') as Params;
        const query = parse(spec.query, request.query, 'query') as Query;
        const body = parse(spec.body, request.body ?? {}, 'body') as Body;
        const result = await handler({ request, reply, params, query, body, principal });
        if (reply.sent) return reply;
        return result ?? { ok: true };
      },
    });
  }

  #authorise(spec: RouteSpec, authentication: Authentication): Principal | null {
    // A public route still learns who calls when someone does (the sign-in page asks where it stands).
    if (spec.access === 'public')
      return authentication.state === 'authenticated' ? authentication.principal : null;
    if (authentication.state !== 'authenticated')
      throw new HttpError(401, authentication.state === 'expired' ? authentication.reason : 'sign in first');
    const principal = authentication.principal;
    const stage = principal.kind === 'session' ? principal.stage : 'signed-in';
    if (spec.access === 'second-factor' || spec.access === 'enrol') {
      if (stage !== spec.access)
        throw new HttpError(403, `this step needs a sign-in at the ${spec.access} stage`);
      return principal;
    }
    if (stage !== 'signed-in')
      throw new HttpError(
        401,
        stage === 'enrol' ? 'set up two-factor sign-in first' : 'enter your code first',
      );
    if (spec.access !== 'signed-in' && !roleGrantsPermission(principal.role, spec.access))
      throw new HttpError(403, `the ${principal.role} role lacks the permission ${spec.access}`);
    return principal;
  }
}

/**
 * A change must come from a page of this server: browsers send `Origin` with every POST, PUT,
 * PATCH and DELETE, and a cross-site form or script cannot forge it.
 */
function checkSameOrigin(request: FastifyRequest): void {
  const origin = request.headers.origin;
  if (origin === undefined) return;
  let host: string;
  try {
    host = new URL(origin).host;
  } catch {
    throw new HttpError(403, 'the request came from another origin');
  }
  if (host !== request.headers.host) throw new HttpError(403, 'the request came from another origin');
}

/** The session's CSRF token must come back in `X-CSRF-Token`: a cookie alone does not make a change. */
function checkCsrf(request: FastifyRequest, principal: Extract<Principal, { kind: 'session' }>): void {
  const header = request.headers['x-csrf-token'];
  if (typeof header !== 'string' || !sameSecret(header, principal.session.csrfToken))
    throw new HttpError(403, 'missing or wrong CSRF token (X-CSRF-Token)');
}

function parse(schema: ZodType | undefined, value: unknown, location: string): unknown {
  if (schema === undefined) return value;
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const path = [location, ...issue.path.map(String)].join('.');
  throw new HttpError(400, `${path}: ${issue.message}`, path);
}

/** Query strings carry text; these read it as what the route wants. */
export const queryNumber = (minimum: number, maximum: number) =>
  z.coerce.number().int().min(minimum).max(maximum);
export const queryFlag = z.enum(['true', 'false']).transform((value) => value === 'true');
