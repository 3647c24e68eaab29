-- On-call schedules: a weekly rotation per division (handover times in oncall_divisions.schedule_timezone),
-- an optional uploaded calendar (schedule_url in oncall_divisions is polled instead when set),
-- and overrides that hold until an end time before the schedule takes over again.

CREATE TABLE oncall_schedules (
  division_id INT UNSIGNED NOT NULL PRIMARY KEY,
  -- {"anchor": "YYYY-MM-DD", "handovers": [{"weekday": 1, "time": "08:00", "memberIds": [1, 2]}]}
  rotation JSON NULL,
  -- An uploaded .ics, used when the division has no schedule_url.
  calendar_ics MEDIUMTEXT NULL,
  updated_at DATETIME(3) NOT NULL,
  CONSTRAINT fk_oncall_schedules_division FOREIGN KEY (division_id) REFERENCES oncall_divisions (id) ON DELETE CASCADE,
  CONSTRAINT chk_oncall_schedules_rotation CHECK (rotation IS NULL OR JSON_VALID(rotation))
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE oncall_overrides (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  division_id INT UNSIGNED NOT NULL,
  member_id INT UNSIGNED NOT NULL,
  starts_at DATETIME(3) NOT NULL,
  ends_at DATETIME(3) NOT NULL,
  -- phone_pin | panel | manual: how it was made.
  source VARCHAR(20) NOT NULL,
  created_by VARCHAR(100) NOT NULL,
  created_at DATETIME(3) NOT NULL,
  KEY idx_oncall_overrides_division (division_id, ends_at),
  CONSTRAINT fk_oncall_overrides_division FOREIGN KEY (division_id) REFERENCES oncall_divisions (id) ON DELETE CASCADE,
  CONSTRAINT fk_oncall_overrides_member FOREIGN KEY (member_id) REFERENCES oncall_members (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
