import type { MonitorMode, Role } from '@ondeck/shared';

export const ROLE_LABELS: Record<Role, string> = { admin: 'Administrator', supervisor: 'Supervisor', agent: 'Agent' };

export const MONITOR_MODE_LABELS: Record<MonitorMode, string> = { listen: 'Listen', whisper: 'Whisper', barge: 'Barge' };
