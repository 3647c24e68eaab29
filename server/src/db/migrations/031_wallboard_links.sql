-- Read-only wallboard links for TVs. Only the SHA-256 of the token is stored: a database leak
-- does not hand out live links. Revoked links stay (revoked_at set) so the page can say so.
CREATE TABLE wallboard_links (
  id INT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  label VARCHAR(80) NOT NULL,
  -- JSON array of queue names, or NULL for every queue.
  queues JSON NULL,
  token_hash CHAR(64) NOT NULL,
  created_by INT UNSIGNED NULL,
  created_by_name VARCHAR(64) NULL,
  created_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  last_used_at DATETIME(3) NULL,
  revoked_at DATETIME(3) NULL,
  UNIQUE KEY uq_wallboard_links_token (token_hash),
  CONSTRAINT chk_wallboard_links_queues CHECK (queues IS NULL OR JSON_VALID(queues))
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
