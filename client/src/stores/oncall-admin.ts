import { defineStore } from 'pinia';
import { shallowRef } from 'vue';
import { onCallAdminApi, type OnCallDivision, type OnCallDivisionInput, type OnCallMember, type OnCallMemberInput, type OnCallScheduleInput } from './oncall-api';

/** Divisions and members for the admin screens; every screen reads names from here. */
export const useOnCallAdminStore = defineStore('oncall-admin', () => {
  const divisions = shallowRef<OnCallDivision[]>([]);
  const members = shallowRef<OnCallMember[]>([]);
  const loaded = shallowRef(false);

  async function load(): Promise<void> {
    const [nextDivisions, nextMembers] = await Promise.all([onCallAdminApi.divisions(), onCallAdminApi.members()]);
    divisions.value = nextDivisions;
    members.value = nextMembers;
    loaded.value = true;
  }

  async function saveMember(id: number | null, body: OnCallMemberInput, pin: string): Promise<void> {
    if (id === null) await onCallAdminApi.createMember({ ...body, pin });
    else await onCallAdminApi.updateMember(id, body);
    members.value = await onCallAdminApi.members();
  }

  async function removeMember(id: number): Promise<void> {
    await onCallAdminApi.deleteMember(id);
    members.value = members.value.filter((member) => member.id !== id);
  }

  /**
   * An existing division saves its schedule first: the schedule is what the server checks most
   * (members, time zone, the .ics), so a refusal there leaves the division untouched too.
   */
  async function saveDivision(id: number | null, body: OnCallDivisionInput, schedule: OnCallScheduleInput | null): Promise<void> {
    if (id !== null) {
      if (schedule) await onCallAdminApi.saveSchedule(id, schedule);
      await onCallAdminApi.updateDivision(id, body);
    } else {
      const created = await onCallAdminApi.createDivision(body);
      if (schedule) await onCallAdminApi.saveSchedule(created.id, schedule);
    }
    divisions.value = await onCallAdminApi.divisions();
  }

  async function removeDivision(id: number): Promise<void> {
    await onCallAdminApi.deleteDivision(id);
    divisions.value = divisions.value.filter((division) => division.id !== id);
  }

  const memberName = (id: number | null): string => (id === null ? '—' : (members.value.find((m) => m.id === id)?.name ?? `Member ${id}`));
  const divisionName = (id: number | null): string => (id === null ? '—' : (divisions.value.find((d) => d.id === id)?.name ?? `Division ${id}`));
  /** Who may be on call in a division (the server checks the same). */
  const activeMembersOf = (divisionId: number | null): OnCallMember[] =>
    divisionId === null ? [] : members.value.filter((m) => m.active && m.divisionIds.includes(divisionId));

  return { divisions, members, loaded, load, saveMember, removeMember, saveDivision, removeDivision, memberName, divisionName, activeMembersOf };
});
