export { AuthService, toSessionUser, type ClientInfo, type IssuedSession } from './auth.service';
export { authRoutes, readAuthorization, REFRESH_COOKIE } from './auth.routes';
export { AccessTokens } from './access-tokens';
export { RefreshTokenRepository } from './refresh-token.repository';
export { LoginThrottle, DEFAULT_LOGIN_THROTTLE, type LoginThrottleOptions } from './login-throttle';
export { ScryptPasswordHasher, DEFAULT_SCRYPT_PARAMS, type PasswordHasher, type ScryptParams } from './password-hasher';
export { effectiveScope, scopeIncludesExtension, scopeIncludesQueue, visibleScope, type EffectiveScope } from './scope';
export type { AuthenticatedUser } from './authenticated-user';
