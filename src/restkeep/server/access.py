"""Who may do what: access control entries on the server, projects, artifacts and catalog repositories.

A user has a privilege on an object when they are an administrator (a member of `admin`), own the
object, or an entry grants it. Entries name a user or a group (every user is in the implicit group
`everyone`); each privilege is `allow`, `deny` or `inherit`. On one object, a `deny` that applies wins
over any `allow`; if nothing on the object decides, the server's entries do (objects inherit from the
server); if nothing decides there either, the answer is no. The checks live in the services, so every
route, the SDK and the CLI obey them.
"""

from __future__ import annotations

from dataclasses import dataclass

from restkeep.server.audit import AuditLog
from restkeep.server.auth.principal import Principal
from restkeep.server.errors import AccessDenied, InvalidArgument, NoSuchObject
from restkeep.server.store import Store
from restkeep.server.store.errors import Missing
from restkeep.server.store.records import AclEntryRecord

ADMIN_GROUP = "admin"
EVERYONE = "everyone"
PRIVILEGES = ("read", "modify", "execute", "changePermissions")
VALUES = ("allow", "deny", "inherit")


@dataclass(frozen=True)
class Guarded:
    """An object access is checked on: its kind, id, owner (if any) and a name for messages."""

    kind: str
    id: str
    owner: str | None = None
    label: str = ""


SERVER = Guarded("server", "server", None, "the server")


class Access:
    def __init__(self, store: Store, audit: AuditLog) -> None:
        self._store = store
        self._audit = audit

    async def groups(self, principal: Principal) -> list[str]:
        return [*await self._store.user_groups(principal.user_id), EVERYONE]

    async def is_admin(self, principal: Principal) -> bool:
        return ADMIN_GROUP in await self._store.user_groups(principal.user_id)

    async def allows(self, principal: Principal, target: Guarded, privilege: str) -> bool:
        if target.owner is not None and target.owner == principal.user_name:
            return True  # decided without a query
        groups = await self.groups(principal)
        if ADMIN_GROUP in groups:
            return True
        for level in (target, SERVER) if target.kind != "server" else (SERVER,):
            decisions = {
                entry.privilege(privilege)
                for entry in await self._store.acl_entries(level.kind, level.id)
                if (entry.principal_type == "user" and entry.principal_name == principal.user_name)
                or (entry.principal_type == "group" and entry.principal_name in groups)
            }
            if "deny" in decisions:
                return False
            if "allow" in decisions:
                return True
        return False

    async def require(self, principal: Principal, target: Guarded, privilege: str) -> None:
        if not await self.allows(principal, target, privilege):
            raise AccessDenied(
                f"{principal.user_name} may not {_VERBS[privilege]} {target.label or target.kind}"
            )

    async def require_admin(self, principal: Principal, action: str) -> None:
        if not await self.is_admin(principal):
            raise AccessDenied(f"Only members of the group '{ADMIN_GROUP}' may {action}")

    async def entries(self, principal: Principal, target: Guarded) -> list[AclEntryRecord]:
        await self.require(principal, target, "read")
        return await self._store.acl_entries(target.kind, target.id)

    async def put(
        self,
        principal: Principal,
        target: Guarded,
        principal_type: str,
        name: str,
        privileges: dict[str, str | None],
    ) -> AclEntryRecord:
        await self.require(principal, target, "changePermissions")
        _check_principal(principal_type, name)
        current = {
            e.principal_type + ":" + e.principal_name: e
            for e in await self._store.acl_entries(target.kind, target.id)
        }
        old = current.get(f"{principal_type}:{name}")
        values = {}
        for privilege in PRIVILEGES:
            given = privileges.get(privilege)
            if given is not None and given not in VALUES:
                raise InvalidArgument(f"'{privilege}Privilege' must be allow, deny or inherit, not '{given}'")
            values[privilege] = given or (old.privilege(privilege) if old else "inherit")
        entry = AclEntryRecord(
            "",
            target.kind,
            target.id,
            principal_type,
            name,
            values["read"],
            values["modify"],
            values["execute"],
            values["changePermissions"],
        )
        saved = await self._store.put_acl_entry(entry)
        summary = ", ".join(f"{p}={values[p]}" for p in PRIVILEGES)
        await self._audit.record(
            "acl.change",
            principal.user_name,
            detail=f"{target.label or target.kind}: {principal_type} {name}: {summary}",
        )
        return saved

    async def delete(self, principal: Principal, target: Guarded, principal_type: str, name: str) -> None:
        await self.require(principal, target, "changePermissions")
        _check_principal(principal_type, name)
        try:
            await self._store.delete_acl_entry(target.kind, target.id, principal_type, name)
        except Missing:
            raise NoSuchObject(
                f"No access control entry for {principal_type} '{name}' on {target.label}"
            ) from None


_VERBS = {
    "read": "read",
    "modify": "change",
    "execute": "run",
    "changePermissions": "change the permissions of",
}


def _check_principal(principal_type: str, name: str) -> None:
    if principal_type not in ("user", "group"):
        raise InvalidArgument(f"'principalType' must be user or group, not '{principal_type}'")
    if not name:
        raise InvalidArgument("'principalName' must not be empty")


DEFAULT_SERVER_ENTRY = AclEntryRecord(
    "", "server", "server", "group", EVERYONE, "allow", "allow", "allow", "inherit"
)
