-- Version 9: robot federation (Quay keeps it in the robot's `federatedlogin.metadata_json` as
-- `federation_config`): the OIDC issuer and subject pairs whose tokens may be exchanged for the
-- robot's, a JSON array of {"issuer", "subject"} in the order they were set. No row: never set.

CREATE TABLE robot_federation (
    robot_id INTEGER PRIMARY KEY REFERENCES namespace(id) ON DELETE CASCADE,
    config   TEXT NOT NULL DEFAULT '[]'
);
