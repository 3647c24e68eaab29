-- On-call webhooks: how to authenticate to the receiver, and a durable outbox so a change is
-- delivered even when the receiver or OnDeck is down for a while.

-- none | header (webhook_auth_header holds `Name: value`) | bearer (the token) | basic (`user:password`).
ALTER TABLE oncall_divisions
  ADD COLUMN webhook_auth_kind ENUM('none', 'header', 'bearer', 'basic') NOT NULL DEFAULT 'none' AFTER webhook_url;

CREATE TABLE oncall_notifications (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  -- Sent as Idempotency-Key; the receiver dedupes on it, so a retry after a lost answer is harmless.
  idempotency_key CHAR(36) NOT NULL,
  division_id INT UNSIGNED NOT NULL,
  -- The exact JSON body; the signature is computed over these bytes at send time.
  payload JSON NOT NULL,
  status ENUM('pending', 'delivered', 'failed') NOT NULL DEFAULT 'pending',
  attempts INT UNSIGNED NOT NULL DEFAULT 0,
  next_attempt_at DATETIME(3) NOT NULL,
  -- A worker claims a row until this time, so two workers (old and new process) never send it at once.
  claimed_until DATETIME(3) NULL,
  last_error VARCHAR(500) NULL,
  last_status INT NULL,
  created_at DATETIME(3) NOT NULL,
  delivered_at DATETIME(3) NULL,
  UNIQUE KEY uq_oncall_notifications_key (idempotency_key),
  KEY idx_oncall_notifications_due (status, next_attempt_at),
  KEY idx_oncall_notifications_division (division_id, created_at),
  CONSTRAINT chk_oncall_notifications_payload CHECK (JSON_VALID(payload))
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
