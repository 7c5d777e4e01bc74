"""A Python program using the client that openapi-python-client generates from openapi.yaml.

Against a Quay (the reference server in CI) it creates an organization, a team, a robot as
team member, a repository with a team and a robot permission, reads them back as typed
objects, and checks that a missing organization comes back as a typed error. Exits non-zero
on the first thing that is not as the spec says.

    QUAY_URL=http://127.0.0.1:8080 QUAY_TOKEN=... python quay_demo.py
"""

import os
import sys
import uuid
from http import HTTPStatus

from quay_api_client import AuthenticatedClient
from quay_api_client.api.organization import create_organization, get_organization
from quay_api_client.api.permission import (
    change_team_permissions,
    change_user_permissions,
    list_repo_team_permissions,
    list_repo_user_permissions,
)
from quay_api_client.api.repository import create_repo
from quay_api_client.api.robot import create_org_robot
from quay_api_client.api.team import (
    get_organization_team_members,
    update_organization_team,
    update_organization_team_member,
)
from quay_api_client.models import (
    ApiError,
    CreateRobot,
    CreatedRepository,
    NewOrg,
    NewRepo,
    NewRepoRepositoryVisibility,
    OrganizationView,
    RepositoryRole,
    RepositoryTeamPermissionList,
    RepositoryUserPermissionList,
    RobotAccount,
    TeamDescription,
    TeamMembers,
    TeamMemberView,
    TeamPermissionChange,
    TeamRole,
    TeamView,
    UserPermissionChange,
)


def expect(response, status, kind):
    """The response's parsed body, which must be of `kind` with HTTP `status`."""
    if response.status_code != status or not isinstance(response.parsed, kind):
        sys.exit(
            f"expected HTTP {int(status)} {kind.__name__}, got {int(response.status_code)} "
            f"{type(response.parsed).__name__}: {response.content[:300]!r}"
        )
    return response.parsed


def main():
    client = AuthenticatedClient(
        base_url=os.environ["QUAY_URL"], token=os.environ["QUAY_TOKEN"], timeout=30.0
    )
    suffix = uuid.uuid4().hex[:8]
    org, team, robot, repo = f"py{suffix}", "deployers", "ci", "web"

    response = create_organization.sync_detailed(
        client=client, body=NewOrg(name=org, email=f"{org}@example.com")
    )
    if response.status_code != HTTPStatus.CREATED:
        sys.exit(f"createOrganization: HTTP {int(response.status_code)} {response.content!r}")
    view = expect(get_organization.sync_detailed(org, client=client), HTTPStatus.OK, OrganizationView)
    assert view.name == org and view.is_admin, view

    created = expect(
        update_organization_team.sync_detailed(
            org,
            team,
            client=client,
            body=TeamDescription(role=TeamRole.MEMBER, description="CI deployers"),
        ),
        HTTPStatus.OK,
        TeamView,
    )
    assert created.new_team and created.role == TeamRole.MEMBER, created

    bot = expect(
        create_org_robot.sync_detailed(
            org, robot, client=client, body=CreateRobot(description="CI robot")
        ),
        HTTPStatus.CREATED,
        RobotAccount,
    )
    assert bot.name == f"{org}+{robot}", bot
    member = expect(
        update_organization_team_member.sync_detailed(org, team, bot.name, client=client),
        HTTPStatus.OK,
        TeamMemberView,
    )
    assert member.is_robot and not member.invited, member
    members = expect(
        get_organization_team_members.sync_detailed(org, team, client=client),
        HTTPStatus.OK,
        TeamMembers,
    )
    assert [m.name for m in members.members] == [bot.name], members

    expect(
        create_repo.sync_detailed(
            client=client,
            body=NewRepo(
                repository=repo,
                namespace=org,
                visibility=NewRepoRepositoryVisibility.PRIVATE,
                description="",
            ),
        ),
        HTTPStatus.CREATED,
        CreatedRepository,
    )
    full = f"{org}/{repo}"
    change_team_permissions.sync_detailed(
        full, team, client=client, body=TeamPermissionChange(role=RepositoryRole.WRITE)
    )
    change_user_permissions.sync_detailed(
        full, bot.name, client=client, body=UserPermissionChange(role=RepositoryRole.READ)
    )
    teams = expect(
        list_repo_team_permissions.sync_detailed(full, client=client),
        HTTPStatus.OK,
        RepositoryTeamPermissionList,
    )
    assert teams.permissions[team].role == RepositoryRole.WRITE, teams
    users = expect(
        list_repo_user_permissions.sync_detailed(full, client=client),
        HTTPStatus.OK,
        RepositoryUserPermissionList,
    )
    assert users.permissions[bot.name].role == RepositoryRole.READ, users

    missing = expect(
        get_organization.sync_detailed(f"nosuch{suffix}", client=client),
        HTTPStatus.NOT_FOUND,
        ApiError,
    )
    assert missing.title == "not_found", missing

    print(f"python client: organization {org}, team {team}, member {bot.name}, repository {full}: ok")


if __name__ == "__main__":
    main()
