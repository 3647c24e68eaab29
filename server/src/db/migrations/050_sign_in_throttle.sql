-- Failed sign-ins, counted separately per client address and per account, so the lockout
-- holds across a restart and across several OnDeck processes on one database.
-- `subject` is the address for kind 'address'; for kind 'account' it is `user:<id>` for an
-- existing account and `login:<name as typed, lower case>` for an unknown one (an unknown name
-- locks exactly like a real one, so the lockout never tells whether an account exists).
CREATE TABLE sign_in_throttle (
  kind ENUM('address', 'account') NOT NULL,
  subject VARCHAR(191) NOT NULL,
  failures INT UNSIGNED NOT NULL DEFAULT 0,
  window_started_at DATETIME(3) NOT NULL,
  locked_until DATETIME(3) NULL,
  PRIMARY KEY (kind, subject),
  KEY idx_sign_in_throttle_window (window_started_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
