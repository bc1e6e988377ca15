"""Users and groups: `/users`, `/users/{userName}`, `/groups`, `/groups/{groupName}`."""

from __future__ import annotations

import msgspec
from starlette.responses import Response

from restkeep.server.errors import InvalidArgument
from restkeep.server.flow.models import (
    Empty,
    GroupListResponse,
    GroupResponse,
    UserListResponse,
    UserResponse,
    group_out,
    user_out,
)
from restkeep.server.operations import Call, NoArgs, Operation, json_response


class UserArgs(msgspec.Struct, forbid_unknown_fields=True):
    userName: str


class CreateUserArgs(msgspec.Struct, forbid_unknown_fields=True):
    userName: str
    password: str
    email: str = ""
    fullUserName: str = ""
    # the groups the new user joins (the original's ectool spells it groupNames, its Perl API groupName)
    groupNames: list[str] = []
    groupName: list[str] = []
    # the original's UI roles: accepted, not kept (restkeep has no personas)
    personas: list[str] = []
    persona: list[str] = []


class ModifyUserArgs(msgspec.Struct, forbid_unknown_fields=True):
    userName: str
    password: str | None = None
    currentPassword: str | None = None
    # the original's name for the caller's own password, needed to change it
    sessionPassword: str | None = None
    email: str | None = None
    fullUserName: str | None = None
    # groups to join; with removeAllGroups, the only groups the user is in afterwards
    groupNames: list[str] | None = None
    groupName: list[str] | None = None
    removeAllGroups: bool = False
    newName: str | None = None
    personas: list[str] = []
    persona: list[str] = []
    clearPersonas: bool = False
    migrateSettings: str | None = None


class GroupArgs(msgspec.Struct, forbid_unknown_fields=True):
    groupName: str


def _names(*given: list[str] | None) -> list[str]:
    """User or group names from the argument's spellings; a name with commas in it lists several
    (`userName=a,b`), as restkeep has always read it."""
    return [
        name.strip()
        for names in given
        for joined in names or ()
        for name in joined.split(",")
        if name.strip()
    ]


class CreateGroupArgs(GroupArgs):
    # the first members (ectool: userNames; Perl: userName)
    userNames: list[str] = []
    userName: list[str] = []
    personas: list[str] = []
    persona: list[str] = []


class MembersArgs(GroupArgs):
    userName: list[str] = []
    userNames: list[str] = []

    @property
    def users(self) -> list[str]:
        return _names(self.userName, self.userNames)


async def get_users(call: Call[NoArgs]) -> Response:
    users = await call.services.accounts.list_users(call.principal)
    return json_response(UserListResponse([user_out(u, g) for u, g in users]))


async def get_user(call: Call[UserArgs]) -> Response:
    return json_response(
        UserResponse(user_out(*await call.services.accounts.get_user(call.principal, call.args.userName)))
    )


async def create_user(call: Call[CreateUserArgs]) -> Response:
    a = call.args
    created = await call.services.accounts.create_user(
        call.principal, a.userName, a.password, a.email, a.fullUserName, _names(a.groupNames, a.groupName)
    )
    return json_response(UserResponse(user_out(*created)))


async def modify_user(call: Call[ModifyUserArgs]) -> Response:
    a = call.args
    if a.newName is not None and a.newName != a.userName:
        raise InvalidArgument(
            "Users cannot be renamed here ('newName'): create the new user, give it the old one's groups"
            " and access, then delete the old one"
        )
    groups = None if a.groupNames is None and a.groupName is None else _names(a.groupNames, a.groupName)
    changed = await call.services.accounts.modify_user(
        call.principal,
        a.userName,
        a.password,
        a.currentPassword or a.sessionPassword,
        a.email,
        a.fullUserName,
        groups=groups,
        leave_others=a.removeAllGroups,
    )
    return json_response(UserResponse(user_out(*changed)))


async def delete_user(call: Call[UserArgs]) -> Response:
    await call.services.accounts.delete_user(call.principal, call.args.userName)
    return json_response(Empty())


async def get_groups(call: Call[NoArgs]) -> Response:
    groups = await call.services.accounts.list_groups(call.principal)
    return json_response(GroupListResponse([group_out(g) for g in groups]))


async def get_group(call: Call[GroupArgs]) -> Response:
    return json_response(
        GroupResponse(group_out(await call.services.accounts.get_group(call.principal, call.args.groupName)))
    )


async def create_group(call: Call[CreateGroupArgs]) -> Response:
    members = _names(call.args.userNames, call.args.userName)
    group = await call.services.accounts.create_group(call.principal, call.args.groupName, members)
    return json_response(GroupResponse(group_out(group)))


async def delete_group(call: Call[GroupArgs]) -> Response:
    await call.services.accounts.delete_group(call.principal, call.args.groupName)
    return json_response(Empty())


async def add_users(call: Call[MembersArgs]) -> Response:
    group = await call.services.accounts.change_members(
        call.principal, call.args.groupName, call.args.users, add=True
    )
    return json_response(GroupResponse(group_out(group)))


async def remove_users(call: Call[MembersArgs]) -> Response:
    group = await call.services.accounts.change_members(
        call.principal, call.args.groupName, call.args.users, add=False
    )
    return json_response(GroupResponse(group_out(group)))


_USERS, _GROUPS = ("users",), ("groups",)
OPERATIONS = [
    Operation(
        "getUsers",
        "GET",
        "/users",
        NoArgs,
        UserListResponse,
        get_users,
        "Every user (administrators).",
        tags=_USERS,
    ),
    Operation(
        "createUser",
        "POST",
        "/users",
        CreateUserArgs,
        UserResponse,
        create_user,
        "Create a user (administrators). Passwords: at least 8 characters, not the user name.",
        tags=_USERS,
    ),
    Operation(
        "getUser",
        "GET",
        "/users/{userName}",
        UserArgs,
        UserResponse,
        get_user,
        "One user: yourself, or anyone for administrators.",
        tags=_USERS,
    ),
    Operation(
        "modifyUser",
        "PUT",
        "/users/{userName}",
        ModifyUserArgs,
        UserResponse,
        modify_user,
        "Change a password (your own with `currentPassword`; administrators anyone's), `email` or"
        " `fullUserName`. A new password ends the user's sessions and Catalog logins everywhere"
        " (API tokens stay).",
        tags=_USERS,
    ),
    Operation(
        "deleteUser",
        "DELETE",
        "/users/{userName}",
        UserArgs,
        Empty,
        delete_user,
        "Delete a user (administrators).",
        tags=_USERS,
    ),
    Operation(
        "getGroups",
        "GET",
        "/groups",
        NoArgs,
        GroupListResponse,
        get_groups,
        "Every group with its members (administrators).",
        tags=_GROUPS,
    ),
    Operation(
        "createGroup",
        "POST",
        "/groups",
        CreateGroupArgs,
        GroupResponse,
        create_group,
        "Create a group (administrators).",
        tags=_GROUPS,
    ),
    Operation(
        "getGroup",
        "GET",
        "/groups/{groupName}",
        GroupArgs,
        GroupResponse,
        get_group,
        "One group with its members (administrators).",
        tags=_GROUPS,
    ),
    Operation(
        "deleteGroup",
        "DELETE",
        "/groups/{groupName}",
        GroupArgs,
        Empty,
        delete_group,
        "Delete a group (administrators; not `admin`).",
        tags=_GROUPS,
    ),
    Operation(
        "addUsersToGroup",
        "PUT",
        "/groups/{groupName}",
        MembersArgs,
        GroupResponse,
        add_users,
        "Add users (`userName`, comma-separated for several) to a group.",
        request="addUsersToGroup",
        tags=_GROUPS,
    ),
    Operation(
        "removeUsersFromGroup",
        "PUT",
        "/groups/{groupName}",
        MembersArgs,
        GroupResponse,
        remove_users,
        "Remove users from a group.",
        request="removeUsersFromGroup",
        tags=_GROUPS,
    ),
]
