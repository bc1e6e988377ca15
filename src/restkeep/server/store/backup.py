"""Online backup, restore and checks of a server's data: the database and the artifact files it
references, as one tar file.

- SQLite: SQLite's online backup API copies the database in one read transaction — a consistent
  snapshot while the server keeps writing (every write acknowledged before the backup began is in
  it). PostgreSQL: `pg_dump --format=custom` (PostgreSQL's own consistent snapshot).
- The generated TLS certificates (`tls/`, the CA clients trust) go along, so a restored server keeps
  them; the backup holds their private keys, as it holds password hashes: keep it as safe as the server.
- Artifact files are immutable and stored before the version that names them is committed, so every
  file the snapshot references exists when it is copied; they follow the database into the tar.
- Restore writes into an empty data folder (and, for PostgreSQL, an empty database); `check` looks
  at the database's integrity, its schema revision and the artifact files.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import sqlalchemy as sa

from restkeep.server.store.migrate import head_revision, sqlalchemy_url

DATABASE_MEMBER = "restkeep.db"
DUMP_MEMBER = "postgresql.dump"
ARTIFACTS = "artifacts"
TLS = "tls"
_REFERENCED = (
    "SELECT DISTINCT r.name, f.sha256 FROM artifact_version_files f"
    " JOIN artifact_versions v ON v.id = f.version_id JOIN artifact_repositories r ON r.id = v.repository_id"
)


class BackupError(Exception):
    """A backup, restore or check that cannot go on; the message says why and what to do."""


def blob_path(data_dir: Path, repository: str, sha256: str) -> Path:
    return data_dir / ARTIFACTS / repository / "blobs" / sha256[:2] / sha256[2:4] / sha256


def _referenced(database_url: str) -> list[tuple[str, str]]:
    engine = sa.create_engine(sqlalchemy_url(database_url))
    try:
        with engine.connect() as connection:
            return [(str(r[0]), str(r[1])) for r in connection.execute(sa.text(_REFERENCED))]
    finally:
        engine.dispose()


def _sqlite_snapshot(source: Path, target: Path) -> None:
    if not source.exists():
        raise BackupError(f"No database at {source} (give --data-dir, or --database for PostgreSQL)")
    reader = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    writer = sqlite3.connect(target)
    try:
        reader.backup(writer)  # all pages in one step: one read transaction, one consistent state
    finally:
        writer.close()
        reader.close()
    _integrity(target)


def _integrity(path: Path) -> None:
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        verdict = connection.execute("PRAGMA integrity_check").fetchone()[0]
    except sqlite3.DatabaseError as exc:
        raise BackupError(f"{path} is not a usable SQLite database: {exc}") from None
    finally:
        connection.close()
    if verdict != "ok":
        raise BackupError(f"{path} fails SQLite's integrity check: {verdict}")


def _pg_tool(name: str) -> str:
    found = shutil.which(name) or next(iter(sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{name}"))), None)
    if found is None:
        raise BackupError(f"{name} is needed for a PostgreSQL database: install postgresql-client")
    return str(found)


def backup(data_dir: Path, database: str, target: Path, *, artifacts: bool = True) -> int:
    """Write the backup tar to `target` (atomically); return how many artifact files it holds."""
    with tempfile.TemporaryDirectory(dir=target.parent, prefix=".backup-") as scratch:
        folder = Path(scratch)
        if database:
            member = folder / DUMP_MEMBER
            done = subprocess.run(
                [_pg_tool("pg_dump"), "--format=custom", "--no-owner", "--file", str(member), database],
                capture_output=True,
                text=True,
            )
            if done.returncode != 0:
                raise BackupError(f"pg_dump failed: {done.stderr.strip()[:500]}")
            referenced = _referenced(database)
        else:
            member = folder / DATABASE_MEMBER
            _sqlite_snapshot(data_dir / "restkeep.db", member)
            referenced = _referenced(f"sqlite:///{member}")
        partial = folder / "backup.tar"
        with tarfile.open(partial, "w") as tar:
            tar.add(member, arcname=member.name)
            if (data_dir / TLS).is_dir():  # the generated CA the clients trust, so a restore keeps it
                tar.add(data_dir / TLS, arcname=TLS)
            if artifacts:
                for repository, sha256 in referenced:
                    source = blob_path(data_dir, repository, sha256)
                    if not source.exists():
                        raise BackupError(f"The artifact file {sha256} of repository {repository} is missing")
                    tar.add(source, arcname=str(source.relative_to(data_dir)))
        with partial.open("rb") as handle:
            os.fsync(handle.fileno())
        os.replace(partial, target)
    return len(referenced) if artifacts else 0


def _safe_members(tar: tarfile.TarFile) -> Iterator[tarfile.TarInfo]:
    for member in tar.getmembers():
        name = Path(member.name)
        if name.is_absolute() or ".." in name.parts or not (member.isfile() or member.isdir()):
            raise BackupError(f"The backup holds an entry that is not restkeep's: {member.name!r}")
        yield member


def restore(source: Path, data_dir: Path, database: str) -> None:
    """Put a backup into an empty data folder (and an empty PostgreSQL database)."""
    if (data_dir / DATABASE_MEMBER).exists() or (data_dir / ARTIFACTS).exists():
        raise BackupError(f"{data_dir} is not empty: restore into a new data folder")
    if not tarfile.is_tarfile(source):
        raise BackupError(f"{source} is not a restkeep backup (not a tar file)")
    with tarfile.open(source, "r") as tar, tempfile.TemporaryDirectory(prefix=".restore-") as scratch:
        names = tar.getnames()
        wanted = DUMP_MEMBER if database else DATABASE_MEMBER
        if wanted not in names:
            other = (
                "PostgreSQL (give --database)" if DUMP_MEMBER in names else "SQLite (leave out --database)"
            )
            raise BackupError(f"{source} is a backup of {other}")
        tar.extractall(scratch, members=list(_safe_members(tar)), filter="data")
        unpacked = Path(scratch)
        data_dir.mkdir(parents=True, exist_ok=True)
        if database:
            _pg_restore(unpacked / DUMP_MEMBER, database)
        else:
            _integrity(unpacked / DATABASE_MEMBER)
            shutil.move(unpacked / DATABASE_MEMBER, data_dir / DATABASE_MEMBER)
        for folder in (ARTIFACTS, TLS):
            if (unpacked / folder).exists() and not (data_dir / folder).exists():
                shutil.move(unpacked / folder, data_dir / folder)


def _pg_restore(dump: Path, database: str) -> None:
    engine = sa.create_engine(sqlalchemy_url(database))
    try:
        with engine.connect() as connection:
            tables = connection.execute(
                sa.text("SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'")
            ).scalar_one()
    finally:
        engine.dispose()
    if tables:
        raise BackupError("The PostgreSQL database is not empty: restore into a new database")
    done = subprocess.run(
        [_pg_tool("pg_restore"), "--no-owner", "--exit-on-error", "--dbname", database, str(dump)],
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        raise BackupError(f"pg_restore failed: {done.stderr.strip()[:500]}")


@dataclass
class Report:
    """What `check` found; `problems` empty means all is well."""

    revision: str | None = None
    artifact_files: int = 0
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def check(data_dir: Path, database: str) -> Report:
    report = Report()
    url = database or f"sqlite:///{data_dir / DATABASE_MEMBER}"
    if not database:
        if not (data_dir / DATABASE_MEMBER).exists():
            raise BackupError(f"No database at {data_dir / DATABASE_MEMBER}")
        try:
            _integrity(data_dir / DATABASE_MEMBER)
        except BackupError as exc:
            report.problems.append(str(exc))
            return report
    engine = sa.create_engine(sqlalchemy_url(url))
    try:
        with engine.connect() as connection:
            report.revision = connection.execute(sa.text("SELECT version_num FROM alembic_version")).scalar()
    finally:
        engine.dispose()
    if report.revision != head_revision():
        report.problems.append(
            f"the schema is at {report.revision}, this release expects {head_revision()}"
            " (`restkeep db upgrade`)"
        )
    referenced = _referenced(url)
    report.artifact_files = len(referenced)
    missing = [sha for repository, sha in referenced if not blob_path(data_dir, repository, sha).exists()]
    if missing:
        report.problems.append(f"{len(missing)} artifact file(s) are missing, e.g. {missing[0]}")
    known = {blob_path(data_dir, repository, sha) for repository, sha in referenced}
    stored = set((data_dir / ARTIFACTS).glob("*/blobs/*/*/*"))
    orphans = stored - known
    if orphans:
        report.notes.append(
            f"{len(orphans)} artifact file(s) no version names (left by a failed or withdrawn publish; "
            "harmless, removable)"
        )
    return report
