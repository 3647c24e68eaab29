-- Call quality per leg and direction, summarised from RTCP when the leg hangs up (history/quality).
-- OnDeck's own table: FreePBX's CDR is never written. Two OnDeck processes insert the same row;
-- the primary key makes the second insert a no-op (INSERT IGNORE). The grade is not stored: it
-- follows from mos_avg and the thresholds of the day.
CREATE TABLE call_quality_legs (
  linkedid VARCHAR(64) NOT NULL,
  channel VARCHAR(140) NOT NULL,
  direction ENUM('sent', 'received') NOT NULL,
  uniqueid VARCHAR(64) NOT NULL,
  codec VARCHAR(16) NOT NULL,
  clock_rate INT UNSIGNED NOT NULL,
  reports INT UNSIGNED NOT NULL,
  mos_avg DECIMAL(4,2) NOT NULL,
  mos_worst DECIMAL(4,2) NOT NULL,
  jitter_ms_avg DECIMAL(10,2) NOT NULL,
  jitter_ms_worst DECIMAL(10,2) NOT NULL,
  loss_pct_avg DECIMAL(5,2) NOT NULL,
  loss_pct_worst DECIMAL(5,2) NOT NULL,
  rtt_ms_avg DECIMAL(10,2) NULL,
  rtt_ms_worst DECIMAL(10,2) NULL,
  started_at DATETIME(3) NOT NULL,
  ended_at DATETIME(3) NOT NULL,
  PRIMARY KEY (linkedid, channel, direction),
  KEY idx_call_quality_legs_ended (ended_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
