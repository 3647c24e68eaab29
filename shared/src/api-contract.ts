import type { CallLogFilter, CallLogEntry, CallLogPage, CallLogQuery, CallQualityDetail, RecordingLink, RecordingLinkQuery, ReportData, ReportQuery } from './history';
import type { ChangeOwnPasswordRequest, LoginRequest, LoginResponse, RefreshResponse, SessionUser } from './auth';
import type {
  OnCallAuditFilter,
  OnCallAuditRowView,
  OnCallBoardEntry,
  OnCallCalendar,
  OnCallDivisionInput,
  OnCallDivisionView,
  OnCallMemberInput,
  OnCallMemberView,
  OnCallNotification,
  OnCallPeriodView,
  OnCallScheduleInput,
  OnCallScheduleView,
  Page,
  TakeoverConfirmation,
} from './oncall';
import type { PbxSnapshot } from './pbx';
import type {
  PhoneConfigResponse,
  PhoneSecretList,
  RecordingState,
  SetPhoneSecretRequest,
  SetPhoneSecretResponse,
  SetRecordingRequest,
} from './phone';
import type { QueueThresholds, QueueThresholdsList } from './queue-thresholds';
import type { PanelSettings, PublicSettings, Settings, UpdateSettingsRequest } from './settings';
import type { HealthResponse, PbxStatus } from './status';
import type { CreateUserRequest, ResetPasswordRequest, UpdateUserRequest, UserRecord } from './users';
import type { CreateWallboardLinkRequest, CreatedWallboardLink, WallSnapshot, WallboardLink } from './wallboard';

/**
 * The REST API, once, for both sides: every endpoint's method, path (below /api), success
 * status, and the types of its body, query and response. The server's `contractRoute()` checks
 * each handler's return against `Response`; the client's `callApi()` builds the URL and types
 * the answer from the same entry, so neither side can drift without the compiler noticing.
 *
 * Kinds of answer:
 * - `json`: a JSON body of type `Response` (status 200, or 201 for a create);
 * - `empty`: 204 and no body;
 * - `download`: a file (CSV, …) the browser saves; `Response` is the file's text.
 */
export type ApiMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
export type ApiAnswerKind = 'json' | 'empty' | 'download';

/** No request body / no query string. */
export type NoInput = undefined;

export interface ApiEndpoint<
  Response = unknown,
  Body = NoInput,
  Query = NoInput,
  Method extends ApiMethod = ApiMethod,
  Path extends string = string,
  Kind extends ApiAnswerKind = ApiAnswerKind,
> {
  readonly method: Method;
  /** Below /api, with `:name` parameters, e.g. `/users/:id`. */
  readonly path: Path;
  readonly kind: Kind;
  /** The status of a successful answer. */
  readonly status: 200 | 201 | 204;
  /** Types only: never set at run time. */
  readonly types?: { response: Response; body: Body; query: Query };
}

/** Curried so the types are written and method/path inferred: `json<UserRecord[]>()('GET', '/users')`. */
function json<Response, Body = NoInput, Query = NoInput>() {
  return <const Method extends ApiMethod, const Path extends string>(
    method: Method,
    path: Path,
    status: 200 | 201 = 200,
  ): ApiEndpoint<Response, Body, Query, Method, Path, 'json'> => ({ method, path, kind: 'json', status });
}

function empty<Body = NoInput, Query = NoInput>() {
  return <const Method extends ApiMethod, const Path extends string>(
    method: Method,
    path: Path,
  ): ApiEndpoint<undefined, Body, Query, Method, Path, 'empty'> => ({ method, path, kind: 'empty', status: 204 });
}

function download<Query = NoInput>() {
  return <const Path extends string>(path: Path): ApiEndpoint<string, NoInput, Query, 'GET', Path, 'download'> => ({
    method: 'GET',
    path,
    kind: 'download',
    status: 200,
  });
}

type Listing<T> = Page<T>;
interface PageQuery {
  limit?: number;
  offset?: number;
}

export const API = {
  // Health and the PBX link.
  'health.get': json<HealthResponse>()('GET', '/health'),
  'status.get': json<PbxStatus>()('GET', '/status'),

  // Sign-in and the session.
  'auth.login': json<LoginResponse, LoginRequest>()('POST', '/auth/login'),
  'auth.refresh': json<RefreshResponse>()('POST', '/auth/refresh'),
  'auth.logout': empty()('POST', '/auth/logout'),
  'auth.me': json<SessionUser>()('GET', '/auth/me'),
  'auth.changePassword': json<LoginResponse, ChangeOwnPasswordRequest>()('PUT', '/auth/password'),

  // User accounts (admin).
  'users.list': json<UserRecord[]>()('GET', '/users'),
  'users.create': json<UserRecord, CreateUserRequest>()('POST', '/users', 201),
  'users.get': json<UserRecord>()('GET', '/users/:id'),
  'users.update': json<UserRecord, UpdateUserRequest>()('PATCH', '/users/:id'),
  'users.remove': empty()('DELETE', '/users/:id'),
  'users.resetPassword': empty<ResetPasswordRequest>()('POST', '/users/:id/password'),

  // Settings.
  'settings.public': json<PublicSettings>()('GET', '/settings/public'),
  'settings.panel': json<PanelSettings>()('GET', '/settings/panel'),
  'settings.get': json<Settings>()('GET', '/settings'),
  'settings.update': json<Settings, UpdateSettingsRequest>()('PUT', '/settings'),

  // The live model, scoped to the reader.
  'live.extensions': json<Pick<PbxSnapshot, 'stale' | 'extensions'>>()('GET', '/extensions'),
  'live.calls': json<Pick<PbxSnapshot, 'stale' | 'calls'>>()('GET', '/calls'),
  'live.queues': json<Pick<PbxSnapshot, 'stale' | 'queues'>>()('GET', '/queues'),

  // The softphone.
  'phone.setRecording': json<RecordingState, SetRecordingRequest>()('PUT', '/phone/recording'),
  'phone.config': json<PhoneConfigResponse>()('GET', '/phone/config'),
  'phone.listSecrets': json<PhoneSecretList>()('GET', '/phone/secrets'),
  'phone.setSecret': json<SetPhoneSecretResponse, SetPhoneSecretRequest>()('PUT', '/phone/secrets/:extension'),
  'phone.clearSecret': empty()('DELETE', '/phone/secrets/:extension'),

  // Queue thresholds and wallboard links (admin), and the public wall.
  'queueThresholds.list': json<QueueThresholdsList>()('GET', '/queue-thresholds'),
  'queueThresholds.set': json<QueueThresholdsList, QueueThresholds>()('PUT', '/queue-thresholds/:queue'),
  'queueThresholds.reset': json<QueueThresholdsList>()('DELETE', '/queue-thresholds/:queue'),
  'wallboardLinks.list': json<WallboardLink[]>()('GET', '/wallboard-links'),
  'wallboardLinks.create': json<CreatedWallboardLink, CreateWallboardLinkRequest>()('POST', '/wallboard-links', 201),
  'wallboardLinks.revoke': empty()('DELETE', '/wallboard-links/:id'),
  'wall.get': json<WallSnapshot>()('GET', '/wall/:token'),

  // On call: the board for everyone signed in.
  // Call history: the call log, its recordings and quality, and the reports (scoped to the reader).
  'history.calls': json<CallLogPage, NoInput, CallLogQuery>()('GET', '/history/calls'),
  'history.callsCsv': download<CallLogFilter>()('/history/calls/csv'),
  'history.call': json<CallLogEntry>()('GET', '/history/calls/:linkedid'),
  'history.quality': json<CallQualityDetail>()('GET', '/history/calls/:linkedid/quality'),
  'history.recordingLink': json<RecordingLink>()('GET', '/history/calls/:linkedid/recordings/:index/link'),
  /** The recording itself, by the signed link above (no session: an <audio> element cannot send one); Range requests give 206. */
  'history.recording': download<RecordingLinkQuery>()('/history/recordings/:linkedid/:file'),
  'reports.get': json<ReportData, NoInput, ReportQuery>()('GET', '/reports/:report'),
  'reports.csv': download<ReportQuery>()('/reports/:report/csv'),

  'oncall.board': json<OnCallBoardEntry[]>()('GET', '/oncall'),
  'oncall.history': json<Listing<OnCallPeriodView>, NoInput, Omit<OnCallAuditFilter, 'type'> & PageQuery>()('GET', '/oncall/history'),
  'oncall.takeover': json<OnCallBoardEntry, TakeoverConfirmation>()('POST', '/oncall/:division/takeover'),
  'oncall.offCall': json<OnCallBoardEntry>()('POST', '/oncall/:division/off-call'),
  'oncall.calendar': json<OnCallCalendar, NoInput, { days?: number }>()('GET', '/oncall/:division/calendar'),
  'oncall.release': empty()('POST', '/oncall/:division/release'),
  'oncall.clearLockout': empty()('DELETE', '/oncall/lockouts/:id'),

  // On call: management (admin).
  'oncall.divisions': json<OnCallDivisionView[]>()('GET', '/oncall/divisions'),
  'oncall.createDivision': json<OnCallDivisionView, OnCallDivisionInput>()('POST', '/oncall/divisions', 201),
  'oncall.updateDivision': json<OnCallDivisionView, OnCallDivisionInput>()('PUT', '/oncall/divisions/:id'),
  'oncall.deleteDivision': empty()('DELETE', '/oncall/divisions/:id'),
  'oncall.members': json<OnCallMemberView[]>()('GET', '/oncall/members'),
  'oncall.createMember': json<OnCallMemberView, OnCallMemberInput & { pin: string }>()('POST', '/oncall/members', 201),
  'oncall.updateMember': json<OnCallMemberView, OnCallMemberInput>()('PUT', '/oncall/members/:id'),
  'oncall.setPin': empty<{ pin: string }>()('PUT', '/oncall/members/:id/pin'),
  'oncall.deleteMember': empty()('DELETE', '/oncall/members/:id'),
  'oncall.schedule': json<OnCallScheduleView>()('GET', '/oncall/divisions/:id/schedule'),
  'oncall.saveSchedule': empty<OnCallScheduleInput>()('PUT', '/oncall/divisions/:id/schedule'),
  'oncall.addOverride': json<{ end: string }, { memberId: number; end?: string }>()('POST', '/oncall/:division/overrides', 201),
  'oncall.removeOverride': empty()('DELETE', '/oncall/:division/overrides/:id'),
  'oncall.audit': json<Listing<OnCallAuditRowView>, NoInput, OnCallAuditFilter & PageQuery>()('GET', '/oncall/audit'),
  'oncall.auditCsv': download<OnCallAuditFilter>()('/oncall/audit/csv'),
  'oncall.notifications': json<Listing<OnCallNotification>, NoInput, { status?: OnCallNotification['status']; division?: number } & PageQuery>()(
    'GET',
    '/oncall/notifications',
  ),
} as const;

export type ApiContract = typeof API;
export type ApiKey = keyof ApiContract;

type TypesOf<K extends ApiKey> = NonNullable<ApiContract[K]['types']>;
export type ApiResponse<K extends ApiKey> = TypesOf<K>['response'];
export type ApiBody<K extends ApiKey> = TypesOf<K>['body'];
export type ApiQuery<K extends ApiKey> = TypesOf<K>['query'];

/** `'/oncall/:division/overrides/:id'` → `'division' | 'id'`. */
export type PathParamNames<Path extends string> = Path extends `${string}:${infer Name}/${infer Rest}`
  ? Name | PathParamNames<`/${Rest}`>
  : Path extends `${string}:${infer Name}`
    ? Name
    : never;

export type ApiParams<K extends ApiKey> = { [Name in PathParamNames<ApiContract[K]['path']>]: string | number };

/** The path with its parameters filled in (each encoded), still below /api. */
export function apiPath(path: string, params: Readonly<Record<string, string | number>> = {}): string {
  return path.replace(/:([A-Za-z]+)/g, (_, name: string) => {
    const value = params[name];
    if (value === undefined) throw new Error(`Missing path parameter ${name} for ${path}`);
    return encodeURIComponent(String(value));
  });
}
