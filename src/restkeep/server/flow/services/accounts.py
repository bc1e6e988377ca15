"""Users and groups: who exists, who is an administrator (a member of the group `admin`), and the
rules for passwords. Only administrators manage users and groups; a user may read their own account
and change their own password, giving the current one."""

from __future__ import annotations

from collections.abc import Sequence

from restkeep.server import clock
from restkeep.server.access import ADMIN_GROUP, EVERYONE, Access
from restkeep.server.audit import AuditLog
from restkeep.server.auth.passwords import hash_password, verify_password
from restkeep.server.auth.principal import Principal
from restkeep.server.errors import (
    AccessDenied,
    DuplicateGroupName,
    DuplicateUserName,
    InvalidArgument,
    NoSuchGroup,
    NoSuchUser,
)
from restkeep.server.store import Store
from restkeep.server.store.errors import AlreadyExists, Missing
from restkeep.server.store.records import GroupRecord, UserRecord

MIN_PASSWORD = 8
MAX_NAME = 255


def check_password(user_name: str, password: str) -> str:
    if len(password) < MIN_PASSWORD:
        raise InvalidArgument(f"A password needs at least {MIN_PASSWORD} characters")
    if password.lower() == user_name.lower():
        raise InvalidArgument("A password must not be the user name")
    return password


def check_account_name(kind: str, name: str) -> str:
    if not name.strip() or len(name) > MAX_NAME or name != name.strip():
        raise InvalidArgument(f"A {kind} name needs 1 to {MAX_NAME} characters, without surrounding spaces")
    if any(ord(c) < 32 for c in name) or any(c in name for c in "/:"):
        raise InvalidArgument(f"A {kind} name must not contain '/', ':' or control characters")
    return name


class AccountService:
    def __init__(self, store: Store, access: Access, audit: AuditLog) -> None:
        self._store = store
        self._access = access
        self._audit = audit
        self.is_admin = access.is_admin
        self.require_admin = access.require_admin

    async def _user(self, name: str) -> UserRecord:
        user = await self._store.get_user(name)
        if user is None:
            raise NoSuchUser(f"User '{name}' does not exist")
        return user

    async def list_users(self, principal: Principal) -> list[tuple[UserRecord, list[str]]]:
        await self.require_admin(principal, "list users")
        return [(user, await self._store.user_groups(user.id)) for user in await self._store.list_users()]

    async def get_user(self, principal: Principal, name: str) -> tuple[UserRecord, list[str]]:
        if name != principal.user_name:
            await self.require_admin(principal, "read other users")
        user = await self._user(name)
        return user, await self._store.user_groups(user.id)

    async def create_user(
        self,
        principal: Principal,
        name: str,
        password: str,
        email: str,
        full_name: str,
        groups: Sequence[str] = (),
    ) -> tuple[UserRecord, list[str]]:
        await self.require_admin(principal, "create users")
        check_account_name("user", name)
        check_password(name, password)
        await self._groups_exist(groups)
        try:
            user = await self._store.create_user(
                name, await hash_password(password), clock.now_ms(), email, full_name
            )
        except AlreadyExists:
            raise DuplicateUserName(f"User '{name}' already exists") from None
        await self._audit.record("user.create", principal.user_name, detail=f"user {name}")
        for group in groups:
            await self.change_members(principal, group, [name], add=True)
        return user, await self._store.user_groups(user.id)

    async def _groups_exist(self, groups: Sequence[str]) -> None:
        """Checked before a change that names them starts, so that it does not stop half done."""
        for group in groups:
            if await self._store.get_group(group) is None:
                raise NoSuchGroup(f"Group '{group}' does not exist")

    async def modify_user(
        self,
        principal: Principal,
        name: str,
        password: str | None,
        current_password: str | None,
        email: str | None,
        full_name: str | None,
        *,
        groups: list[str] | None = None,
        leave_others: bool = False,
    ) -> tuple[UserRecord, list[str]]:
        """Change a user; `groups` are joined, and with `leave_others` they become the only ones."""
        admin = await self.is_admin(principal)
        if name != principal.user_name and not admin:
            raise AccessDenied(f"Only members of the group '{ADMIN_GROUP}' may change other users")
        user = await self._user(name)
        if groups is not None or leave_others:
            await self.require_admin(principal, "change group members")
            await self._groups_exist(groups or [])
            for group in await self._store.user_groups(user.id) if leave_others else []:
                if group not in (groups or []):
                    await self.change_members(principal, group, [name], add=False)
            for group in groups or []:
                await self.change_members(principal, group, [name], add=True)
        if password is not None:
            if not admin:
                if current_password is None:
                    raise InvalidArgument("Give 'currentPassword' to change your password")
                if not await verify_password(user.password_hash, current_password):
                    raise AccessDenied("The current password is not right")
            check_password(name, password)
            await self._store.set_password(user.id, await hash_password(password), clock.now_ms())
            await self._audit.record("password.change", principal.user_name, detail=f"password of {name}")
        if email is not None or full_name is not None:
            await self._store.update_profile(user.id, email, full_name, clock.now_ms())
        return await self.get_user(principal, name)

    async def delete_user(self, principal: Principal, name: str) -> None:
        await self.require_admin(principal, "delete users")
        if name == principal.user_name:
            raise InvalidArgument("You cannot delete your own account")
        try:
            await self._store.delete_user(name)
        except Missing:
            raise NoSuchUser(f"User '{name}' does not exist") from None
        await self._audit.record("user.delete", principal.user_name, detail=f"user {name}")

    async def list_groups(self, principal: Principal) -> list[GroupRecord]:
        await self.require_admin(principal, "list groups")
        return await self._store.list_groups()

    async def get_group(self, principal: Principal, name: str) -> GroupRecord:
        await self.require_admin(principal, "read groups")
        group = await self._store.get_group(name)
        if group is None:
            raise NoSuchGroup(f"Group '{name}' does not exist")
        return group

    async def create_group(self, principal: Principal, name: str, members: Sequence[str] = ()) -> GroupRecord:
        await self.require_admin(principal, "create groups")
        check_account_name("group", name)
        if name == EVERYONE:
            raise InvalidArgument(f"'{EVERYONE}' is the implicit group of every user; choose another name")
        for member in members:
            await self._user(member)
        try:
            group = await self._store.create_group(name, clock.now_ms())
        except AlreadyExists:
            raise DuplicateGroupName(f"Group '{name}' already exists") from None
        await self._audit.record("group.create", principal.user_name, detail=f"group {name}")
        if members:
            return await self.change_members(principal, name, list(members), add=True)
        return group

    async def delete_group(self, principal: Principal, name: str) -> None:
        await self.require_admin(principal, "delete groups")
        if name == ADMIN_GROUP:
            raise InvalidArgument(f"The group '{ADMIN_GROUP}' cannot be deleted")
        try:
            await self._store.delete_group(name)
        except Missing:
            raise NoSuchGroup(f"Group '{name}' does not exist") from None
        await self._audit.record("group.delete", principal.user_name, detail=f"group {name}")

    async def change_members(
        self, principal: Principal, group: str, users: list[str], *, add: bool
    ) -> GroupRecord:
        await self.require_admin(principal, "change group members")
        if not users:
            raise InvalidArgument("Name at least one user in 'userName' (comma-separated for several)")
        if not add and group == ADMIN_GROUP and principal.user_name in users:
            raise InvalidArgument(f"You cannot remove yourself from the group '{ADMIN_GROUP}'")
        try:
            if add:
                await self._store.add_group_members(group, users)
            else:
                await self._store.remove_group_members(group, users)
        except Missing as exc:
            raise _no_such(exc) from None
        change = "add" if add else "remove"
        await self._audit.record(
            f"group.{change}", principal.user_name, detail=f"group {group}: {', '.join(users)}"
        )
        return await self.get_group(principal, group)


def _no_such(missing: Missing) -> NoSuchGroup | NoSuchUser:
    if missing.kind == "group":
        return NoSuchGroup(f"Group '{missing.name}' does not exist")
    return NoSuchUser(f"User '{missing.name}' does not exist")
