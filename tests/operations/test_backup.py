"""Backup and restore: a restore into a fresh, empty data directory keeps every certificate
verifiable and every uploaded document downloadable."""

import hashlib
import io
import json
import os
import shutil
import subprocess
import sys
import tarfile
import uuid
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from ocop.certificates import signing
from ocop.certificates.models import Certificate
from ocop.registry.models import Document

ROOT = Path(__file__).resolve().parents[2]
PASSPHRASE = "ruộng bậc thang mùa lúa chín"

VERIFY = """
import hashlib, json, sys
import django
django.setup()
from django.test import Client
from django.urls import reverse
from ocop.accounts.models import User
from ocop.certificates import signing
from ocop.certificates.models import Certificate
from ocop.registry.models import Document
client = Client(HTTP_HOST="localhost")
client.force_login(User.objects.get(username="demo-admin"))
out = {"states": {}, "documents": {}}
for c in Certificate.objects.all():
    out["states"][c.code] = signing.state(c)
for d in Document.objects.all():
    r = client.get(reverse("registry:document_download", kwargs={"code": d.public_code}))
    body = b"".join(r.streaming_content) if r.streaming else r.content
    out["documents"][d.public_code] = [r.status_code, hashlib.sha256(body).hexdigest()]
print(json.dumps(out))
"""


def _env(data_dir: Path, **extra) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OCOP_", "DATABASE_URL"))}
    env.update(
        OCOP_TESTING="1",
        OCOP_DATA_DIR=str(data_dir),
        PYTHONPATH=str(ROOT),
        DJANGO_SETTINGS_MODULE="ocop.settings",
        OCOP_BACKUP_PASSPHRASE=PASSPHRASE,
    )
    env.update(extra)
    return env


def _django(args, data_dir, **extra):
    return subprocess.run(
        [sys.executable, "-m", "django", *args],
        env=_env(data_dir, **extra),
        cwd=ROOT,
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        timeout=300,
    )


@pytest.fixture
def source(tmp_path, settings, monkeypatch, transactional_db):
    """A demo world signed with a key of its own data directory, with its uploads there too."""
    if connection.vendor == "postgresql" and not (
        shutil.which("pg_dump") and shutil.which("pg_restore")
    ):
        pytest.skip("pg_dump/pg_restore not installed")
    monkeypatch.delenv("OCOP_SIGNING_KEY", raising=False)
    data = tmp_path / "source"
    settings.DATA_DIR = data
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(data / "private")},
        },
    }
    call_command("demo-data", "--no-reference", verbosity=0)
    assert signing.key_file().is_file() and data in signing.key_file().parents
    return data


@pytest.fixture
def archive(source, tmp_path, monkeypatch):
    monkeypatch.setenv("OCOP_BACKUP_PASSPHRASE", PASSPHRASE)
    path = tmp_path / "backup.tar.gz"
    call_command("backup", str(path), verbosity=0)
    return path


@pytest.fixture
def empty_database():
    """Settings for an empty database: a new PostgreSQL database on the test server (dropped
    afterwards), or nothing for SQLite (the file is made inside the fresh data directory)."""
    if connection.vendor != "postgresql":
        yield {}
        return
    import psycopg

    db = connection.settings_dict
    name = f"ocop_restore_{uuid.uuid4().hex[:12]}"
    auth = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    server = f"postgres://{auth}@{db['HOST'] or 'localhost'}:{db['PORT'] or 5432}"
    with psycopg.connect(f"{server}/{db['NAME']}", autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield {"DATABASE_URL": f"{server}/{name}"}
    finally:
        with psycopg.connect(f"{server}/{db['NAME']}", autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}"')


def test_a_restore_keeps_certificates_verifiable_and_documents_downloadable(
    source, archive, tmp_path, empty_database
):
    signed = {c.code: signing.state(c) for c in Certificate.objects.all()}
    assert signed and set(signed.values()) == {"verified"}
    documents = {}
    for d in Document.objects.all():
        with d.file.open("rb") as handle:
            documents[d.public_code] = [200, hashlib.sha256(handle.read()).hexdigest()]
    assert documents

    fresh = tmp_path / "fresh"
    done = _django(["restore", str(archive)], fresh, **empty_database)
    assert done.returncode == 0, done.stderr
    assert (fresh / "keys" / signing.key_file().name).stat().st_mode & 0o777 == 0o600
    check = _django(["shell", "-c", VERIFY], fresh, **empty_database)
    assert check.returncode == 0, check.stderr
    restored = json.loads(check.stdout.strip().splitlines()[-1])
    assert restored["states"] == signed
    assert restored["documents"] == documents


def test_the_manifest_lists_counts_and_checksums(archive):
    with tarfile.open(archive) as tar:
        manifest = json.load(tar.extractfile("manifest.json"))
        names = set(tar.getnames()) - {"manifest.json"}
    assert manifest["database_vendor"] == connection.vendor
    assert manifest["row_counts"]["certificates_certificate"] == Certificate.objects.count()
    assert set(manifest["files"]) == names
    assert "keys/signing-keys.enc" in names
    assert any(n.startswith("files/default/documents/") for n in names)
    # the key itself is never in the clear
    raw = signing.key_file().read_bytes().strip()
    with tarfile.open(archive) as tar:
        for member in tar.getmembers():
            if member.isfile():
                assert raw not in tar.extractfile(member).read()


def test_a_wrong_passphrase_restores_nothing(archive, tmp_path):
    fresh = tmp_path / "fresh"
    done = _django(["restore", str(archive)], fresh, OCOP_BACKUP_PASSPHRASE="not the one")
    assert done.returncode != 0
    assert "Cụm mật khẩu sai" in done.stderr  # commands speak Vietnamese by default
    assert [p for p in fresh.rglob("*") if p.is_file()] == []


def test_a_restore_refuses_a_data_directory_in_use(archive, tmp_path):
    used = tmp_path / "used"
    (used / "private").mkdir(parents=True)
    (used / "private" / "x.pdf").write_bytes(b"%PDF")
    done = _django(["restore", str(archive)], used)
    assert done.returncode != 0
    assert "không trống" in done.stderr


def test_a_tampered_archive_is_refused(archive, tmp_path):
    tampered = tmp_path / "tampered.tar.gz"
    with tarfile.open(archive) as src, tarfile.open(tampered, "w:gz") as dst:
        for member in src.getmembers():
            data = src.extractfile(member).read() if member.isfile() else None
            if member.name.startswith("files/default/documents/") and data is not None:
                data += b"changed"
                member.size = len(data)

            dst.addfile(member, io.BytesIO(data) if data is not None else None)
    fresh = tmp_path / "fresh"
    done = _django(["restore", str(tampered)], fresh)
    assert done.returncode != 0
    assert "Mã kiểm tra không khớp" in done.stderr
    assert [p for p in fresh.rglob("*") if p.is_file()] == []


def test_an_empty_passphrase_is_refused(db, tmp_path, monkeypatch):
    monkeypatch.setenv("OCOP_BACKUP_PASSPHRASE", "   ")
    with pytest.raises(CommandError):
        call_command("backup", str(tmp_path / "b.tar.gz"))
    assert not (tmp_path / "b.tar.gz").exists()
