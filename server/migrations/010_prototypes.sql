-- Version 10: default permissions (Quay's `permissionprototype`): a role every repository
-- created in `org_id` afterwards gives to one user, robot or team, for every creator
-- (`activating_user_id` NULL) or one. Deleting a user, robot, team or the organization deletes
-- the rules naming it, as Quay's clean-up does.

CREATE TABLE prototype (
    id                 INTEGER PRIMARY KEY,
    uuid               TEXT NOT NULL UNIQUE,
    org_id             INTEGER NOT NULL REFERENCES namespace(id) ON DELETE CASCADE,
    activating_user_id INTEGER REFERENCES namespace(id) ON DELETE CASCADE,
    delegate_user_id   INTEGER REFERENCES namespace(id) ON DELETE CASCADE,
    delegate_team_id   INTEGER REFERENCES team(id) ON DELETE CASCADE,
    role               TEXT NOT NULL CHECK (role IN ('read', 'write', 'admin')),
    CHECK ((delegate_user_id IS NULL) != (delegate_team_id IS NULL))
);
CREATE INDEX prototype_org ON prototype (org_id, activating_user_id);
