"""`restkeep project | property | artifact | user ...`: the Flow API from the shell."""

from __future__ import annotations

import functools
import sys
from pathlib import Path
from typing import Any

import click

from restkeep.cli.progress import transfer
from restkeep.cli.remote import Remote, emit, remote_command


@click.group()
def project() -> None:
    """Projects."""


@project.command("list")
@remote_command
def project_list(remote: Remote) -> None:
    """Every project: name, description, owner, last change."""
    with remote.flow() as flow:
        emit(
            remote,
            [p.raw for p in flow.get_projects()],
            ["projectName", "description", "owner", "modifyTime"],
        )


@project.command("create")
@click.argument("name")
@click.option("--description", default="", help="What the project is for.")
@remote_command
def project_create(remote: Remote, name: str, description: str) -> None:
    """Create project NAME."""
    with remote.flow() as flow:
        emit(remote, [flow.create_project(name, description).raw], ["projectName", "description", "owner"])


@project.command("delete")
@click.argument("name")
@remote_command
def project_delete(remote: Remote, name: str) -> None:
    """Delete project NAME."""
    with remote.flow() as flow:
        flow.delete_project(name)


@click.group("property")
def property_group() -> None:
    """Properties of a project (--project) or an artifact (--artifact), or absolute paths."""


LIST_COLUMNS = ["propertyName", "value", "propertySheetId", "modifyTime"]
_locator = [
    click.option("--project", "-p", help="The project that owns the property."),
    click.option("--artifact", "-a", help="The artifact (groupId:artifactKey) that owns the property."),
]


def _with_locator(func: click.decorators.FC) -> click.decorators.FC:
    """`--project` or `--artifact`: a property belongs to one owner, so both at once is a usage error."""

    @functools.wraps(func)
    def checked(*args: Any, **kwargs: Any) -> Any:
        if kwargs.get("project") and kwargs.get("artifact"):
            raise click.UsageError("--project and --artifact contradict each other: give one owner")
        return func(*args, **kwargs)

    for option in reversed(_locator):
        checked = option(checked)
    return checked  # type: ignore[return-value]


@property_group.command("get")
@click.argument("name")
@_with_locator
@click.option("--raw", is_flag=True, help="Do not expand $[...] references.")
@remote_command
def property_get(remote: Remote, name: str, project: str | None, artifact: str | None, raw: bool) -> None:
    """A property's value; a sheet's properties, as `property list --path` shows them."""
    with remote.flow() as flow:
        found = flow.get_property(name, project=project, artifact=artifact, expand=not raw)
        if found.is_sheet:
            inside = flow.get_properties(project=project, artifact=artifact, path=name)
            emit(remote, [p.raw for p in inside], LIST_COLUMNS)
            return
    if remote.output == "table":
        click.echo(found.value if found.value is not None else "")
    else:
        emit(remote, [found.raw], ["propertyName", "value", "revision", "modifyTime"])


@property_group.command("set")
@click.argument("name")
@click.argument("value")
@_with_locator
@remote_command
def property_set(remote: Remote, name: str, value: str, project: str | None, artifact: str | None) -> None:
    """Set property NAME to VALUE, creating it (and the sheets on its path) if needed."""
    with remote.flow() as flow:
        emit(
            remote,
            [flow.set_property(name, value, project=project, artifact=artifact).raw],
            ["propertyName", "value", "revision"],
        )


@property_group.command("list")
@_with_locator
@click.option("--path", help="A sheet inside the object, e.g. config/db.")
@remote_command
def property_list(remote: Remote, project: str | None, artifact: str | None, path: str | None) -> None:
    """The properties of a project's or artifact's sheet (--path: a sheet inside it)."""
    with remote.flow() as flow:
        rows = [p.raw for p in flow.get_properties(project=project, artifact=artifact, path=path)]
    emit(remote, rows, LIST_COLUMNS)


@property_group.command("increment")
@click.argument("name")
@click.option("--by", default=1, show_default=True, help="How much to add.")
@_with_locator
@remote_command
def property_increment(remote: Remote, name: str, by: int, project: str | None, artifact: str | None) -> None:
    """Add --by (default 1) to a numeric property, atomically; print the new value."""
    with remote.flow() as flow:
        click.echo(flow.increment_property(name, by, project=project, artifact=artifact))


@property_group.command("delete")
@click.argument("name")
@_with_locator
@remote_command
def property_delete(remote: Remote, name: str, project: str | None, artifact: str | None) -> None:
    """Delete property NAME (a sheet with everything in it)."""
    with remote.flow() as flow:
        flow.delete_property(name, project=project, artifact=artifact)


@click.group()
def artifact() -> None:
    """Artifact versions: publish, list, download."""


@artifact.command("publish")
@click.argument("artifact_name")
@click.argument("version")
@click.argument(
    "files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path)
)
@click.option(
    "--base", type=click.Path(file_okay=False, path_type=Path), help="Keep paths relative to this folder."
)
@click.option("--repository", help="Artifact repository (default: default).")
@remote_command
def artifact_publish(
    remote: Remote,
    artifact_name: str,
    version: str,
    files: tuple[Path, ...],
    base: Path | None,
    repository: str | None,
) -> None:
    """Publish FILES as ARTIFACT_NAME (groupId:artifactKey) VERSION."""
    total = sum(path.stat().st_size for path in files)
    with remote.flow() as flow, transfer(f"uploading {len(files)} file(s)", total) as progress:
        published = flow.publish_artifact_version(
            artifact_name, version, files, base=base, repository=repository, progress=progress
        )
    emit(remote, published.files, ["path", "size", "sha256"])


@artifact.command("list")
@click.argument("artifact_name")
@click.option("--range", "version_range", help="Only available versions in a range such as [1.0,2.0).")
@remote_command
def artifact_list(remote: Remote, artifact_name: str, version_range: str | None) -> None:
    """An artifact's versions, optionally within a version range."""
    with remote.flow() as flow:
        if version_range:
            versions = [v.raw for v in flow.find_artifact_versions(artifact_name, version_range)]
        else:
            versions = [v.raw for v in flow.get_artifact_versions(artifact_name)]
    emit(remote, versions, ["artifactVersionName", "state", "size", "createTime"])


@artifact.command("download")
@click.argument("version_name")
@click.argument("destination", type=click.Path(file_okay=False, path_type=Path))
@remote_command
def artifact_download(remote: Remote, version_name: str, destination: Path) -> None:
    """Download every file of VERSION_NAME (groupId:artifactKey:version) into DESTINATION."""
    with remote.flow() as flow:
        total = sum(int(f["size"]) for f in flow.get_artifact_version(version_name).files)
        with transfer(f"downloading {version_name}", total) as progress:
            written = flow.download_artifact_version(version_name, destination, progress=progress)
    emit(remote, [{"path": str(p)} for p in written], ["path"])


@click.group()
def user() -> None:
    """Users (administrators)."""


_USER_COLUMNS = ["userName", "fullUserName", "email", "groups"]


@user.command("list")
@remote_command
def user_list(remote: Remote) -> None:
    """Every user with their groups."""
    with remote.flow() as flow:
        emit(remote, flow.get_users(), _USER_COLUMNS)


@user.command("show")
@click.argument("name")
@remote_command
def user_show(remote: Remote, name: str) -> None:
    """One user: yourself, or anyone for administrators."""
    with remote.flow() as flow:
        emit(remote, [flow.get_user(name)], _USER_COLUMNS)


@user.command("create")
@click.argument("name")
@click.option(
    "--new-password", prompt=True, hide_input=True, confirmation_prompt=True, help="The new user's password."
)
@click.option("--email", default="", help="E-mail address.")
@click.option("--full-name", default="", help="Full name.")
@remote_command
def user_create(remote: Remote, name: str, new_password: str, email: str, full_name: str) -> None:
    """Create user NAME."""
    with remote.flow() as flow:
        flow.create_user(name, new_password, email=email, full_name=full_name)
    click.echo(f"created user {name}")


@user.command("passwd")
@click.argument("name")
@click.option(
    "--new-password", prompt=True, hide_input=True, confirmation_prompt=True, help="The new password."
)
@click.option(
    "--current-password",
    help="Your current password, when changing your own (default: the connection's password, "
    "else asked for).",
)
@remote_command
def user_passwd(remote: Remote, name: str, new_password: str, current_password: str | None) -> None:
    """Change NAME's password (administrators: anyone's). This ends NAME's sessions and Catalog logins."""
    with remote.flow() as flow:
        flow.login()
        current = current_password
        if name == flow.user_name and current is None:
            current = remote.authenticate().password or _current_password()
        flow.change_password(name, new_password, current_password=current)
    click.echo(f"changed the password of {name}")


@user.command("delete")
@click.argument("name")
@click.confirmation_option(prompt="Delete this user?", help="Do not ask for confirmation.")
@remote_command
def user_delete(remote: Remote, name: str) -> None:
    """Delete user NAME."""
    with remote.flow() as flow:
        flow.delete_user(name)
    click.echo(f"deleted user {name}")


def _current_password() -> str:
    if not sys.stdin.isatty():
        raise click.UsageError("Changing your own password needs --current-password (no terminal to ask on)")
    return str(click.prompt("Your current password", hide_input=True))
