-- Alert thresholds an admin sets per queue; a queue without a row uses the built-in defaults.
-- Values are validated by the shared zod schema (queueThresholdsSchema) on the way in.
CREATE TABLE queue_thresholds (
  queue VARCHAR(40) NOT NULL PRIMARY KEY,
  max_wait_seconds INT UNSIGNED NOT NULL,
  max_waiting INT UNSIGNED NOT NULL,
  min_service_level TINYINT UNSIGNED NOT NULL,
  updated_by INT UNSIGNED NULL,
  updated_by_name VARCHAR(64) NULL,
  updated_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3),
  CONSTRAINT chk_queue_thresholds_level CHECK (min_service_level <= 100)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
