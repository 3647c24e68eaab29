export { UsersService, type CreateUserInput, type UpdateUserInput } from './users.service';
export { UsersRepository } from './users.repository';
export { usersRoutes } from './users.routes';
export { AccountEvents, type SessionsEnded } from './account-events';
export { toUserRecord, type User } from './user';
export { seedDemoAccounts, ensureFirstAdmin, startupBanner, DEMO_ACCOUNTS, type SeededAccount } from './account-seed';
