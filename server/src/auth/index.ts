export { AuthService, toSessionUser, type ClientInfo, type IssuedSession } from './auth.service';
export { authRoutes, readAuthorization, REFRESH_COOKIE } from './auth.routes';
export { AccessTokens } from './access-tokens';
export { RefreshTokenRepository } from './refresh-token.repository';
export { SignInThrottle, accountKey, DEFAULT_SIGN_IN_THROTTLE, DEFAULT_ADDRESS_THROTTLE, DEFAULT_ACCOUNT_THROTTLE, type SignInThrottleRules } from './sign-in-throttle';
export { SignInThrottleRepository, type ThrottleRule } from './sign-in-throttle.repository';
export { LoginThrottle, DEFAULT_LOGIN_THROTTLE, type LoginThrottleOptions } from './login-throttle';
export { ScryptPasswordHasher, DEFAULT_SCRYPT_PARAMS, type PasswordHasher, type ScryptParams } from './password-hasher';
export type { AuthenticatedUser } from '../lib/authenticated-user';
