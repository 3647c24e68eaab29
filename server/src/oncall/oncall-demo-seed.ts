import { DEMO_ONCALL, demoNameOf } from '../demo';
import type { OnCallDirectoryService } from './directory/oncall-directory.service';
import type { OnCallScheduleService } from './schedule/oncall-schedule.service';

export interface OnCallDemoSeedDeps {
  directory: OnCallDirectoryService;
  schedules: OnCallScheduleService;
  /** The OnDeck account of a demo user, so the member can take the line in the panel. */
  userIdOf(username: string): Promise<number | null>;
  now: Date;
  /** IANA zone of the rotation: the server's own, where the demo's people are. */
  timeZone: string;
}

const ACTOR = 'demo-seed';

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

/** Today in `timeZone`: YYYY-MM-DD and 0 = Sunday … 6 = Saturday. */
function todayIn(timeZone: string, now: Date): { date: string; weekday: number } {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', weekday: 'short' }).formatToParts(now);
  const part = (type: string): string => parts.find((p) => p.type === type)?.value ?? '';
  return { date: `${part('year')}-${part('month')}-${part('day')}`, weekday: WEEKDAYS.indexOf(part('weekday')) };
}

/** `date` moved by `days`, both YYYY-MM-DD. */
function addDays(date: string, days: number): string {
  const moved = new Date(`${date}T12:00:00Z`);
  moved.setUTCDate(moved.getUTCDate() + days);
  return moved.toISOString().slice(0, 10);
}

/**
 * The demo's on-call division: the three demo people as members (PIN DEMO_ONCALL.pin), a weekly
 * rotation (Monday 09:00 and Friday 17:00 handovers) that has someone on call from the first
 * minute. Does nothing once any division exists, so an admin's changes survive restarts.
 * Returns whether it created the division.
 */
export async function seedDemoOnCall(deps: OnCallDemoSeedDeps): Promise<boolean> {
  if ((await deps.directory.listDivisions()).length > 0) return false;
  const division = await deps.directory.createDivision(
    { name: DEMO_ONCALL.division, oncallLine: null, fallbackNumber: DEMO_ONCALL.fallbackNumber, allowPinOnly: true, webhookUrl: null, webhookAuthKind: 'none' },
    ACTOR,
  );
  const memberIds: number[] = [];
  for (const person of DEMO_ONCALL.members) {
    const member = await deps.directory.createMember(
      {
        name: demoNameOf(person.extension),
        phone: person.extension,
        email: null,
        active: true,
        accountUserId: await deps.userIdOf(person.username),
        divisionIds: [division.id],
        pin: DEMO_ONCALL.pin,
      },
      ACTOR,
    );
    memberIds.push(member.id);
  }
  // Week 0 starts on last week's Monday, so this week already has its shifts.
  const today = todayIn(deps.timeZone, deps.now);
  const mondayThisWeek = addDays(today.date, -((today.weekday + 6) % 7));
  const rotateFrom = (first: number): number[] => memberIds.map((_, i) => memberIds[(first + i) % memberIds.length] ?? 0);
  await deps.schedules.save(
    division.id,
    {
      enabled: true,
      timeZone: deps.timeZone,
      calendarUrl: null,
      rotation: {
        anchor: addDays(mondayThisWeek, -7),
        handovers: [
          { weekday: 1, time: '09:00', memberIds: rotateFrom(0) },
          { weekday: 5, time: '17:00', memberIds: rotateFrom(2) },
        ],
      },
    },
    { system: ACTOR },
  );
  return true;
}
