-- Accounts, sessions, settings and the audit trail.
CREATE TABLE users (
  id INT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  username VARCHAR(64) NOT NULL,
  display_name VARCHAR(100) NOT NULL,
  role ENUM('admin', 'supervisor', 'agent') NOT NULL,
  extension VARCHAR(10) NULL,
  password_hash VARCHAR(255) NOT NULL,
  -- JSON arrays/objects; validated by the shared zod schemas on the way in and out.
  monitor_modes JSON NOT NULL,
  scope JSON NOT NULL,
  disabled TINYINT(1) NOT NULL DEFAULT 0,
  -- Bumped to cut every session of this user at once (access tokens carry it as `tv`).
  token_version INT UNSIGNED NOT NULL DEFAULT 1,
  created_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  updated_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3),
  last_login_at DATETIME(3) NULL,
  UNIQUE KEY uq_users_username (username),
  UNIQUE KEY uq_users_extension (extension),
  CONSTRAINT chk_users_monitor_modes CHECK (JSON_VALID(monitor_modes)),
  CONSTRAINT chk_users_scope CHECK (JSON_VALID(scope))
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE refresh_tokens (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  user_id INT UNSIGNED NOT NULL,
  -- One family per sign-in; every rotation stays in it, so reuse can revoke the whole chain.
  family_id CHAR(32) NOT NULL,
  -- SHA-256 of the token: a database leak does not hand out live sessions.
  token_hash CHAR(64) NOT NULL,
  expires_at DATETIME(3) NOT NULL,
  created_at DATETIME(3) NOT NULL,
  rotated_at DATETIME(3) NULL,
  revoked_at DATETIME(3) NULL,
  ip VARCHAR(64) NULL,
  user_agent VARCHAR(255) NULL,
  UNIQUE KEY uq_refresh_tokens_hash (token_hash),
  KEY idx_refresh_tokens_family (family_id),
  KEY idx_refresh_tokens_user (user_id),
  CONSTRAINT fk_refresh_tokens_user FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE settings (
  `key` VARCHAR(64) NOT NULL PRIMARY KEY,
  value JSON NOT NULL,
  updated_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3),
  updated_by INT UNSIGNED NULL,
  CONSTRAINT chk_settings_value CHECK (JSON_VALID(value))
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE audit_log (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  -- No foreign key: the trail must outlive the accounts it names.
  actor_id INT UNSIGNED NULL,
  actor_name VARCHAR(64) NULL,
  action VARCHAR(64) NOT NULL,
  target VARCHAR(255) NULL,
  result ENUM('success', 'failure', 'denied') NOT NULL,
  details JSON NULL,
  ip VARCHAR(64) NULL,
  created_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  KEY idx_audit_log_created (created_at),
  KEY idx_audit_log_actor (actor_id, created_at),
  KEY idx_audit_log_action (action, created_at),
  CONSTRAINT chk_audit_log_details CHECK (details IS NULL OR JSON_VALID(details))
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
