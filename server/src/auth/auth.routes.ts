import { SESSION_HINT_COOKIE, changeOwnPasswordSchema, loginRequestSchema } from '@ondeck/shared';
import { contractRoute, currentUser, parseInput, type ApiContext, type RouteDefinition } from '../http';
import type { AuthService, ClientInfo, IssuedSession } from './auth.service';
import { toSessionUser } from './auth.service';

export const REFRESH_COOKIE = 'ondeck_refresh';
const COOKIE_PATH = '/api/auth';

function clientInfo(ctx: ApiContext): ClientInfo {
  return { ip: ctx.ip, userAgent: ctx.get('User-Agent') || null };
}

export function readAuthorization(ctx: { get(field: string): string }): string | undefined {
  const match = /^Bearer\s+(\S+)$/i.exec(ctx.get('Authorization'));
  return match?.[1];
}

/** httpOnly so scripts cannot read it; Strict and a narrow path so it only rides along to /api/auth. */
function setRefreshCookie(ctx: ApiContext, session: IssuedSession | null): void {
  ctx.cookies.set(REFRESH_COOKIE, session?.refreshToken ?? '', {
    httpOnly: true,
    sameSite: 'strict',
    path: COOKIE_PATH,
    secure: ctx.secure,
    overwrite: true,
    ...(session ? { expires: session.refreshExpiresAt } : { expires: new Date(0) }),
  });
  // A readable twin without the token: it tells the page whether there is a session to
  // resume, so a visitor who never signed in is not answered 401 on every page load.
  ctx.cookies.set(SESSION_HINT_COOKIE, session ? '1' : '', {
    httpOnly: false,
    sameSite: 'strict',
    path: '/',
    secure: ctx.secure,
    overwrite: true,
    ...(session ? { expires: session.refreshExpiresAt } : { expires: new Date(0) }),
  });
}

export function authRoutes(auth: AuthService): RouteDefinition[] {
  return [
    contractRoute('auth.login', 'public', async (ctx) => {
      const request = parseInput(loginRequestSchema, ctx.request.body);
      const session = await auth.login(request, clientInfo(ctx));
      setRefreshCookie(ctx, session);
      return session.response;
    }),
    contractRoute('auth.refresh', 'public', async (ctx) => {
      try {
        const session = await auth.refresh(ctx.cookies.get(REFRESH_COOKIE) || undefined, clientInfo(ctx));
        setRefreshCookie(ctx, session);
        return session.response;
      } catch (error) {
        setRefreshCookie(ctx, null);
        throw error;
      }
    }),
    contractRoute('auth.logout', 'public', async (ctx) => {
      await auth.logout(ctx.cookies.get(REFRESH_COOKIE) || undefined, clientInfo(ctx));
      setRefreshCookie(ctx, null);
    }),
    contractRoute('auth.me', 'authenticated', async (ctx) => toSessionUser(currentUser(ctx).user)),
    contractRoute('auth.changePassword', 'authenticated', async (ctx) => {
      const request = parseInput(changeOwnPasswordSchema, ctx.request.body);
      const session = await auth.changeOwnPassword(currentUser(ctx), request, clientInfo(ctx));
      setRefreshCookie(ctx, session);
      return session.response;
    }),
  ];
}
