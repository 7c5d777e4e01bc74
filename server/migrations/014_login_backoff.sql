-- Version 14: Quay's sign-in back-off: failed password checks since the last good one, and
-- when the last failed.

ALTER TABLE namespace ADD COLUMN invalid_login_attempts INTEGER NOT NULL DEFAULT 0;
ALTER TABLE namespace ADD COLUMN last_invalid_login TEXT;
