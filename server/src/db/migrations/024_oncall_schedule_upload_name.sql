-- The file name of an uploaded .ics, so the schedule editor can say which file is in use.
ALTER TABLE oncall_schedules
  ADD COLUMN calendar_ics_name VARCHAR(255) NULL;
