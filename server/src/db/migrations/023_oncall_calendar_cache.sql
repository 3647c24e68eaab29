-- The last good download of a division's calendar URL, so a restart while the calendar server is
-- down keeps the schedule instead of leaving nobody on call.
ALTER TABLE oncall_schedules
  ADD COLUMN calendar_cache MEDIUMTEXT NULL,
  ADD COLUMN calendar_etag VARCHAR(255) NULL,
  ADD COLUMN calendar_last_modified VARCHAR(64) NULL,
  ADD COLUMN calendar_fetched_at DATETIME(3) NULL;
