"""Backup and restore: one archive holding the database, the uploaded files, the certificate
signing keys (encrypted with a passphrase) and a manifest that lets a restore check it all.

Archive layout (tar.gz)::

    manifest.json                  created at, app version, database vendor, row counts per
                                   table, SHA-256 of every other member
    database/ocop.sqlite3          SQLite: a consistent copy made by SQLite's online backup API
    database/ocop.pgdump           PostgreSQL: pg_dump custom format, restored with pg_restore
    files/<storage>/<path>         every file of each file-system storage (uploaded evidence)
    keys/signing-keys.enc          the key directory (certificate signing key), as a tar,
                                   encrypted with AES-GCM under a scrypt key from the passphrase

A restore goes only into an empty data directory and an empty database, and checks every
checksum, the passphrase and the row counts before it writes anything.
"""

from __future__ import annotations

import datetime
import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.db import connection, connections
from django.utils import timezone
from django.utils.translation import gettext as _

from ocop.certificates.signing import key_file
from ocop.core.exceptions import DomainError
from ocop.operations import crypto

FORMAT = 1
MANIFEST = "manifest.json"
KEYS_MEMBER = "keys/signing-keys.enc"


class BackupError(DomainError):
    pass


# --- what is backed up --------------------------------------------------------------------------


def storage_dirs() -> dict[str, Path]:
    """The local directories of the file storages that hold uploads (not static files)."""
    out: dict[str, Path] = {}
    for alias, config in settings.STORAGES.items():
        if alias == "staticfiles":
            continue
        if config.get("BACKEND") != "django.core.files.storage.FileSystemStorage":
            continue
        location = (config.get("OPTIONS") or {}).get("location") or settings.MEDIA_ROOT
        if location:
            out[alias] = Path(location)
    return out


def keys_dir() -> Path:
    return key_file().parent


def _tables() -> list[str]:
    tables = set()
    for model in apps.get_models(include_auto_created=True):
        if model._meta.managed and not model._meta.proxy:
            tables.add(model._meta.db_table)
    return sorted(tables)


def _sqlite_counts(path: Path) -> dict[str, int]:
    db = sqlite3.connect(path)
    try:
        present = {
            row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type='table'")
        }
        return {
            table: db.execute(f'SELECT COUNT(*) FROM "{table}"').fetchone()[0]  # noqa: S608
            for table in _tables()
            if table in present
        }
    finally:
        db.close()


def _counts_on(conn) -> dict[str, int]:
    present = set(conn.introspection.table_names())
    out = {}
    with conn.cursor() as cursor:
        for table in _tables():
            if table in present:
                cursor.execute(f"SELECT COUNT(*) FROM {conn.ops.quote_name(table)}")  # noqa: S608
                out[table] = cursor.fetchone()[0]
    return out


def _orm_counts(alias: str = "default") -> dict[str, int]:
    return _counts_on(connections[alias])


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _version() -> str:
    try:
        return metadata.version("ocop")
    except metadata.PackageNotFoundError:
        return "unknown"


# --- PostgreSQL ------------------------------------------------------------------------------


def _pg_env(alias: str = "default") -> dict[str, str]:
    db = settings.DATABASES[alias]
    env = dict(os.environ)
    for key, name in (
        ("PGHOST", "HOST"),
        ("PGPORT", "PORT"),
        ("PGUSER", "USER"),
        ("PGPASSWORD", "PASSWORD"),
        ("PGDATABASE", "NAME"),
    ):
        if db.get(name):
            env[key] = str(db[name])
    return env


def _pg_run(args: list[str]) -> None:
    tool = shutil.which(args[0])
    if tool is None:
        raise BackupError(_("%(tool)s is not installed.") % {"tool": args[0]})
    done = subprocess.run([tool, *args[1:]], env=_pg_env(), capture_output=True, text=True)  # noqa: S603
    if done.returncode != 0:
        raise BackupError(
            _("%(tool)s failed: %(error)s") % {"tool": args[0], "error": done.stderr.strip()}
        )


def _pg_dump(target: Path) -> dict[str, int]:
    """Dump in custom format; the row counts come from the very snapshot the dump reads (a
    connection of its own holds it, leaving any transaction of the caller alone)."""
    conn = connections.create_connection("default")
    try:
        conn.ensure_connection()
        conn.set_autocommit(False)
        with conn.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot = cursor.fetchone()[0]
            counts = _counts_on(conn)
            _pg_run(
                [
                    "pg_dump",
                    "--format=custom",
                    "--no-owner",
                    f"--snapshot={snapshot}",
                    "-f",
                    str(target),
                ]
            )
        conn.rollback()
    finally:
        conn.close()
    return counts


# --- backup ----------------------------------------------------------------------------------


@dataclass
class BackupSummary:
    path: Path
    manifest: dict


def _keys_blob(passphrase: str) -> tuple[bytes, list[str]]:
    buffer = io.BytesIO()
    names = []
    with tarfile.open(fileobj=buffer, mode="w") as bundle:
        folder = keys_dir()
        if folder.is_dir():
            for path in sorted(p for p in folder.rglob("*") if p.is_file()):
                name = path.relative_to(folder).as_posix()
                bundle.add(path, arcname=name, recursive=False)
                names.append(name)
    return crypto.encrypt(buffer.getvalue(), passphrase), names


def backup_create(*, target: Path, passphrase: str) -> BackupSummary:
    """Write one archive of the database, the uploaded files and the encrypted keys."""
    if not passphrase:
        raise BackupError(_("The backup passphrase must not be empty."))
    target = Path(target)
    vendor = connection.vendor
    with tempfile.TemporaryDirectory(prefix="ocop-backup-") as work:
        stage = Path(work)
        (stage / "database").mkdir()
        if vendor == "sqlite":
            db_member = "database/ocop.sqlite3"
            connection.ensure_connection()
            copy = sqlite3.connect(stage / db_member)
            try:
                connection.connection.backup(copy)
            finally:
                copy.close()
            counts = _sqlite_counts(stage / db_member)
        elif vendor == "postgresql":
            db_member = "database/ocop.pgdump"
            counts = _pg_dump(stage / db_member)
        else:
            raise BackupError(_("Backups support SQLite and PostgreSQL only."))

        members: dict[str, Path] = {db_member: stage / db_member}
        for alias, folder in storage_dirs().items():
            if folder.is_dir():
                for path in sorted(p for p in folder.rglob("*") if p.is_file()):
                    members[f"files/{alias}/{path.relative_to(folder).as_posix()}"] = path

        blob, key_names = _keys_blob(passphrase)
        (stage / "keys").mkdir()
        (stage / KEYS_MEMBER).write_bytes(blob)
        members[KEYS_MEMBER] = stage / KEYS_MEMBER

        manifest = {
            "format": FORMAT,
            "created_at": timezone.now().isoformat(),
            "app_version": _version(),
            "database_vendor": vendor,
            "database": db_member,
            "row_counts": counts,
            "storages": sorted(storage_dirs()),
            "keys": {
                "member": KEYS_MEMBER,
                "names": key_names,
                "cipher": "AES-256-GCM",
                "kdf": {"name": "scrypt", **crypto.SCRYPT},
                "signing_key_from_environment": bool(os.environ.get("OCOP_SIGNING_KEY")),
            },
            "files": {name: _sha256(path) for name, path in sorted(members.items())},
        }
        manifest_path = stage / MANIFEST
        manifest_path.write_text(json.dumps(manifest, indent=2, ensure_ascii=False), "utf-8")

        target.parent.mkdir(parents=True, exist_ok=True)
        partial = target.with_name(target.name + ".part")
        fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "wb") as raw, tarfile.open(fileobj=raw, mode="w:gz") as archive:
            archive.add(manifest_path, arcname=MANIFEST)
            for name, path in sorted(members.items()):
                archive.add(path, arcname=name, recursive=False)
        partial.replace(target)
    return BackupSummary(path=target, manifest=manifest)


def default_name() -> str:
    return f"ocop-backup-{datetime.datetime.now():%Y%m%d-%H%M%S}.tar.gz"


# --- restore ---------------------------------------------------------------------------------


def _non_empty(folder: Path) -> list[Path]:
    if not folder.exists():
        return []
    return [p for p in folder.rglob("*") if not p.is_dir()]


def _sqlite_path() -> Path:
    return Path(settings.DATABASES["default"]["NAME"])


def restore_refusals() -> list[str]:
    """Why the current data directory and database cannot take a restore (empty if they can)."""
    problems = []
    data_dir = Path(settings.DATA_DIR)
    if _non_empty(data_dir):
        problems.append(_("The data directory %(path)s is not empty.") % {"path": data_dir})
    for folder in [*storage_dirs().values(), keys_dir()]:
        if _non_empty(folder) and data_dir not in folder.parents:
            problems.append(_("The directory %(path)s is not empty.") % {"path": folder})
    if connection.vendor == "sqlite":
        path = _sqlite_path()
        if path.exists() and path.stat().st_size > 0 and data_dir not in path.parents:
            problems.append(_("The database file %(path)s already exists.") % {"path": path})
    elif connection.introspection.table_names():
        problems.append(_("The database already has tables."))
    return problems


def _extract(archive_path: Path, into: Path) -> dict:
    """Unpack the archive into ``into`` and check it against its manifest."""
    try:
        with tarfile.open(archive_path, mode="r:gz") as archive:
            for member in archive.getmembers():
                if not (member.isfile() or member.isdir()):
                    raise BackupError(_("The archive holds an entry that is not a file."))
            archive.extractall(into, filter="data")
    except (tarfile.TarError, OSError, EOFError) as error:
        raise BackupError(_("The archive cannot be read: %(error)s") % {"error": error}) from error
    try:
        manifest = json.loads((into / MANIFEST).read_text("utf-8"))
    except (OSError, ValueError) as error:
        raise BackupError(_("The archive has no readable manifest.")) from error
    if manifest.get("format") != FORMAT:
        raise BackupError(_("This backup format is not supported."))
    found = {p.relative_to(into).as_posix() for p in into.rglob("*") if p.is_file()} - {MANIFEST}
    listed = set(manifest["files"])
    if found != listed:
        raise BackupError(
            _("The archive does not hold the files its manifest lists: %(names)s")
            % {"names": ", ".join(sorted(found ^ listed)[:10])}
        )
    bad = [name for name in sorted(listed) if _sha256(into / name) != manifest["files"][name]]
    if bad:
        raise BackupError(
            _("Checksums do not match for: %(names)s") % {"names": ", ".join(bad[:10])}
        )
    return manifest


def _check_counts(expected: dict[str, int], actual: dict[str, int]) -> None:
    wrong = [t for t in expected if actual.get(t) != expected[t]]
    if wrong:
        raise BackupError(
            _("Row counts differ from the manifest for: %(tables)s")
            % {"tables": ", ".join(wrong[:10])}
        )


def backup_restore(*, source: Path, passphrase: str) -> dict:
    """Restore an archive into the empty data directory and database of these settings."""
    problems = restore_refusals()
    if problems:
        raise BackupError(" ".join([*problems, _("A restore only goes into an empty place.")]))
    with tempfile.TemporaryDirectory(prefix="ocop-restore-") as work:
        stage = Path(work)
        manifest = _extract(Path(source), stage)
        try:
            keys_tar = crypto.decrypt((stage / manifest["keys"]["member"]).read_bytes(), passphrase)
        except crypto.WrongPassphrase as error:
            raise BackupError(
                _(
                    "The passphrase is wrong: the signing keys cannot be decrypted. Nothing was restored."
                )
            ) from error
        vendor = manifest["database_vendor"]
        if vendor != connection.vendor:
            raise BackupError(
                _("The backup holds a %(theirs)s database; these settings use %(ours)s.")
                % {"theirs": vendor, "ours": connection.vendor}
            )
        db_file = stage / manifest["database"]
        if vendor == "sqlite":
            _check_counts(manifest["row_counts"], _sqlite_counts(db_file))

        # Everything checks out: write.
        if vendor == "sqlite":
            connections.close_all()
            target = _sqlite_path()
            target.parent.mkdir(parents=True, exist_ok=True)
            for suffix in ("-wal", "-shm"):
                Path(f"{target}{suffix}").unlink(missing_ok=True)
            shutil.copyfile(db_file, target)
        else:
            _pg_run(
                [
                    "pg_restore",
                    "--no-owner",
                    "--exit-on-error",
                    "-d",
                    settings.DATABASES["default"]["NAME"],
                    str(db_file),
                ]
            )
            _check_counts(manifest["row_counts"], _orm_counts())

        folders = storage_dirs()
        for alias in manifest.get("storages", []):
            src = stage / "files" / alias
            if src.is_dir() and alias in folders:
                shutil.copytree(src, folders[alias], dirs_exist_ok=True)

        folder = keys_dir()
        folder.mkdir(parents=True, exist_ok=True)
        os.chmod(folder, 0o700)
        with tarfile.open(fileobj=io.BytesIO(keys_tar), mode="r") as bundle:
            for member in bundle.getmembers():
                if not member.isfile():
                    continue
                data = bundle.extractfile(member).read()
                path = folder / Path(member.name).name
                fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
                with os.fdopen(fd, "wb") as handle:
                    handle.write(data)
    return manifest
