import type { MonitorMode, Role } from './auth';
import { dialTargetSchema } from './panel';

/**
 * Who may do what on the live panel, decided once for both sides: the server enforces these
 * rules on every action and the panel offers only what they allow. Scope (which extensions,
 * queues and calls a user may see) is applied on top by the server; the panel only ever has
 * objects already in scope.
 */
export interface PanelSubject {
  role: Role;
  /** The user's own extension; actions that ring "my phone" need one. */
  extension: string | null;
  monitorModes: readonly MonitorMode[];
}

const isStaff = (user: PanelSubject): boolean => user.role === 'admin' || user.role === 'supervisor';

/** Listen, whisper or barge: staff with a phone; supervisors only in the modes an admin allowed. */
export function mayMonitor(user: PanelSubject, mode: MonitorMode): boolean {
  if (!isStaff(user) || user.extension === null) return false;
  return user.role === 'admin' || user.monitorModes.includes(mode);
}

/** The monitor modes this user may start or switch to, in the panel's order. */
export function monitorModesOf(user: PanelSubject, all: readonly MonitorMode[]): MonitorMode[] {
  return all.filter((mode) => mayMonitor(user, mode));
}

export function mayHangup(user: PanelSubject): boolean {
  return isStaff(user);
}

/** Staff transfer any call they see; an agent only a call they are on. */
export function mayTransfer(user: PanelSubject, callExtensions: readonly string[]): boolean {
  return isStaff(user) || (user.extension !== null && callExtensions.includes(user.extension));
}

/** Click-to-dial rings the user's own phone first. */
export function mayDial(user: PanelSubject): boolean {
  return user.extension !== null;
}

/**
 * Adding, pausing and removing a queue member: admins anyone; supervisors only extensions in
 * their own scope; agents only themselves. (The server also requires that the PBX knows the
 * extension and that the queue is in the user's scope.)
 */
export function mayManageMember(user: PanelSubject, extension: string, inScope: (extension: string) => boolean): boolean {
  if (user.role === 'admin') return true;
  if (user.role === 'supervisor') return inScope(extension);
  return user.extension === extension;
}

/** A number the panel may dial or transfer to (the same rule the server validates). */
export function isDialTarget(value: string): boolean {
  return dialTargetSchema.safeParse(value).success;
}
