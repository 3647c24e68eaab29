-- SIP secrets an admin sets for extensions when the PBX is not FreePBX (FreePBX keeps its own
-- in asterisk.sip). Encrypted at rest with AES-256-GCM; the key is derived from JWT_SECRET.
CREATE TABLE phone_secrets (
  extension VARCHAR(20) NOT NULL PRIMARY KEY,
  secret_enc VARBINARY(512) NOT NULL,
  updated_by INT NULL,
  updated_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
