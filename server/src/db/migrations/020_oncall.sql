-- On-call: divisions, the members who can take a division's on-call line, who was on call when,
-- and an append-only audit of every attempt. Times are UTC, written by the app's clock.

CREATE TABLE oncall_divisions (
  id INT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  name VARCHAR(100) NOT NULL,
  -- The number people dial to reach whoever is on call (FreePBX routes it via ONCALL/<id> in AstDB).
  oncall_line VARCHAR(32) NULL,
  -- Where calls go while nobody is on call.
  fallback_number VARCHAR(32) NULL,
  -- When the caller ID matches no member, may a PIN alone say who is calling?
  allow_pin_only TINYINT(1) NOT NULL DEFAULT 1,
  webhook_url VARCHAR(2048) NULL,
  webhook_auth_header VARCHAR(255) NULL,
  webhook_secret VARCHAR(255) NULL,
  schedule_url VARCHAR(2048) NULL,
  schedule_timezone VARCHAR(64) NULL,
  schedule_enabled TINYINT(1) NOT NULL DEFAULT 0,
  created_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  updated_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3),
  UNIQUE KEY uq_oncall_divisions_name (name)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE oncall_members (
  id INT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  name VARCHAR(100) NOT NULL,
  -- E.164 (+4930123456) or an internal extension; also how a caller ID identifies the member.
  phone VARCHAR(32) NOT NULL,
  email VARCHAR(254) NULL,
  active TINYINT(1) NOT NULL DEFAULT 1,
  -- The OnDeck account of this person, when they have one (no foreign key: accounts come and go).
  account_user_id INT UNSIGNED NULL,
  -- scrypt of HMAC(pepper, PIN); the pepper lives only in the server's config.
  pin_hash VARCHAR(255) NOT NULL,
  created_at DATETIME(3) NOT NULL,
  last_login DATETIME(3) NULL,
  KEY idx_oncall_members_phone (phone)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE oncall_member_divisions (
  member_id INT UNSIGNED NOT NULL,
  division_id INT UNSIGNED NOT NULL,
  PRIMARY KEY (member_id, division_id),
  KEY idx_oncall_member_divisions_division (division_id),
  CONSTRAINT fk_oncall_md_member FOREIGN KEY (member_id) REFERENCES oncall_members (id) ON DELETE CASCADE,
  CONSTRAINT fk_oncall_md_division FOREIGN KEY (division_id) REFERENCES oncall_divisions (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE oncall_periods (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  division_id INT UNSIGNED NOT NULL,
  member_id INT UNSIGNED NULL,
  -- The number calls went to, kept even if the member's phone changes later.
  phone VARCHAR(32) NOT NULL,
  started_at DATETIME(3) NOT NULL,
  ended_at DATETIME(3) NULL,
  source ENUM('phone_pin', 'panel', 'softphone', 'schedule', 'override', 'api') NOT NULL,
  ended_by VARCHAR(100) NULL,
  -- Equals division_id while the period is open, NULL once ended: the unique key allows one open period per division.
  open_division_id INT UNSIGNED AS (IF(ended_at IS NULL, division_id, NULL)) PERSISTENT,
  UNIQUE KEY uq_oncall_periods_open (open_division_id),
  KEY idx_oncall_periods_division (division_id, started_at),
  CONSTRAINT fk_oncall_periods_division FOREIGN KEY (division_id) REFERENCES oncall_divisions (id) ON DELETE CASCADE,
  CONSTRAINT fk_oncall_periods_member FOREIGN KEY (member_id) REFERENCES oncall_members (id) ON DELETE SET NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Append-only from the app (the repository has insert and select, nothing else). Failed PIN
-- attempts are counted from here, so a lockout survives a restart.
CREATE TABLE oncall_audit (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  event_type VARCHAR(40) NOT NULL,
  -- No foreign keys: the trail must outlive the members and divisions it names.
  member_id INT UNSIGNED NULL,
  division_id INT UNSIGNED NULL,
  caller_id VARCHAR(80) NULL,
  channel_or_ip VARCHAR(255) NULL,
  details JSON NULL,
  created_at DATETIME(3) NOT NULL,
  KEY idx_oncall_audit_caller (event_type, caller_id, created_at),
  KEY idx_oncall_audit_member (event_type, member_id, created_at),
  KEY idx_oncall_audit_division (division_id, created_at),
  CONSTRAINT chk_oncall_audit_details CHECK (details IS NULL OR JSON_VALID(details))
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
