-- How many digits a member's PIN has (PIN-only divisions need at least 6). NULL: set before
-- OnDeck recorded it; learned at the member's next successful PIN entry, or set by a PIN reset.
ALTER TABLE oncall_members ADD COLUMN pin_length TINYINT UNSIGNED NULL AFTER pin_hash;
