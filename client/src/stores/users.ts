import { defineStore } from 'pinia';
import { shallowRef } from 'vue';
import type { CreateUserRequest, UpdateUserRequest, UserRecord } from '@ondeck/shared';
import { usersApi } from '../api/endpoints';

/** The admin's list of OnDeck users. */
export const useUsersStore = defineStore('users', () => {
  const users = shallowRef<UserRecord[]>([]);
  const loading = shallowRef(false);
  const loaded = shallowRef(false);

  function replace(record: UserRecord): void {
    users.value = users.value.map((existing) => (existing.id === record.id ? record : existing));
  }

  async function load(): Promise<void> {
    loading.value = true;
    try {
      users.value = await usersApi.list();
      loaded.value = true;
    } finally {
      loading.value = false;
    }
  }

  async function create(body: CreateUserRequest): Promise<UserRecord> {
    const created = await usersApi.create(body);
    users.value = [...users.value, created];
    return created;
  }

  async function update(id: number, body: UpdateUserRequest): Promise<UserRecord> {
    const updated = await usersApi.update(id, body);
    replace(updated);
    return updated;
  }

  /** Optimistic: the row flips at once and flips back if the server refuses. */
  async function setDisabled(record: UserRecord, disabled: boolean): Promise<void> {
    replace({ ...record, disabled });
    try {
      replace(await usersApi.update(record.id, { disabled }));
    } catch (error) {
      replace(record);
      throw error;
    }
  }

  async function remove(id: number): Promise<void> {
    await usersApi.remove(id);
    users.value = users.value.filter((record) => record.id !== id);
  }

  function resetPassword(id: number, password: string): Promise<unknown> {
    return usersApi.resetPassword(id, { password });
  }

  return { users, loading, loaded, load, create, update, setDisabled, remove, resetPassword };
});
