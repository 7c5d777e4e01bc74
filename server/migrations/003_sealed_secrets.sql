-- Version 3: secrets that must be shown again are sealed at rest in Quay's format (`v0$$`,
-- AES-256-CCM with the key from DATABASE_SECRET_KEY; see `store/sealed.rs`): robot tokens, OAuth
-- client secrets, proxy-cache upstream user names and passwords. Values an older version kept in
-- the clear are sealed here. `quay_seal` is registered on the connection by the store.

UPDATE namespace SET robot_token = quay_seal(robot_token) WHERE robot_token IS NOT NULL;
UPDATE oauth_application SET client_secret = quay_seal(client_secret);
UPDATE proxy_cache_config SET username = quay_seal(username), password = quay_seal(password);

-- A value only the database's key opens: opening the store with another key is refused at once
-- rather than failing on the first secret read.
CREATE TABLE secret_key_probe (
    id     INTEGER PRIMARY KEY CHECK (id = 1),
    sealed TEXT NOT NULL
);
INSERT INTO secret_key_probe (id, sealed) VALUES (1, quay_seal('quay-server'));
