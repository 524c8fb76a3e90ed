"""The ``ocop`` command.

- ``ocop demo [--port N]``: migrate, load the demo data and serve on 127.0.0.1 (demo settings).
- ``ocop serve [--bind ADDR] [--workers N]``: production server (gunicorn).
- ``ocop verify <address> [--keys FILE]``: check a certificate's signed address offline, with no
  setting, database or network (``ocop.certificates.offline``).
- ``ocop <command>``: any Django management command (``ocop migrate``, ``ocop criteria load`` ...).

``--help`` works without any setting (no ``OCOP_SECRET_KEY``): help is printed under the demo
settings, which nothing else uses then. ``OCOP_DEMO=1 ocop <command>`` runs a command against
the demo database.
"""

from __future__ import annotations

import os
import sys

from django.core.exceptions import ImproperlyConfigured

DEMO_USERS_NOTE = """
Demo logins (password: ocop-demo)
  demo-province    provincial OCOP office
  demo-province-2  provincial OCOP office of a second province (Hà Nội)
  demo-department  sector department officer
  demo-district    district officer (until 2025)
  demo-commune     commune officer
  demo-council     council member
  demo-council-2   council member (seat as chair: a council of three makes the quorum)
  demo-council-3   council member (seat as secretary)
  demo-producer    producer user
  demo-admin       administrator (also /admin/)
"""

HELP = """usage: ocop <command> [options]

Commands:
  demo [--port N]       set up the demo database and serve it on http://127.0.0.1:N (default 8000)
  serve [gunicorn opts] production server (needs OCOP_SECRET_KEY and DATABASE_URL)
  verify <address> [--keys FILE]
                        check a certificate's QR address offline (no settings, no network)
  keys generate|rotate|revoke ID|resign [--key ID]|list|export
                        the certificate signing keys
  help                  this text, then the list of management commands
  <management command>  e.g. migrate, createsuperuser, criteria, self-assess, geo, demo-data,
                        generate-scale, import, report, rollup, backup, restore ...

Against the demo database:  OCOP_DEMO=1 ocop report summary
Help on one command:        ocop <command> --help
"""

NOT_CONFIGURED = """ocop: {error}
Production commands need OCOP_SECRET_KEY (and DATABASE_URL for PostgreSQL): see the README's
production set-up. To run a command against the demo database: OCOP_DEMO=1 ocop {command}
"""
HELP_FLAGS = {"-h", "--help"}


def _django_setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ocop.settings")


def _help_only(argv: list[str]) -> bool:
    """True when the command line only asks for help: no setting is needed to print it."""
    return not argv or argv[0] == "help" or bool(HELP_FLAGS & set(argv))


def static_files_missing() -> str | None:
    """Why ``ocop serve`` cannot serve the pages' CSS and scripts, or ``None`` when it can.

    Production serves the collected, hashed files named in ``staticfiles.json``; without it
    every page would fail, so the server refuses to start instead.
    """
    from django.conf import settings
    from django.contrib.staticfiles.storage import staticfiles_storage

    manifest = getattr(staticfiles_storage, "manifest_name", None)
    if settings.WHITENOISE_USE_FINDERS or not manifest or staticfiles_storage.exists(manifest):
        return None
    return (
        f"ocop serve: the static files were not collected into {settings.STATIC_ROOT}.\n"
        "Run `ocop collectstatic --noinput` first (README, production set-up)."
    )


def _demo(argv: list[str]) -> int:
    import argparse

    parser = argparse.ArgumentParser(prog="ocop demo")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--no-serve", action="store_true", help="set up the data and exit")
    args = parser.parse_args(argv)
    os.environ["OCOP_DEMO"] = "1"
    os.environ.setdefault("OCOP_DEBUG", "0")
    # the QR codes the demo prints lead to the demo itself, on the port it serves
    os.environ.setdefault("OCOP_SITE_URL", f"http://127.0.0.1:{args.port}")
    _django_setup()
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", interactive=False, verbosity=0)
    call_command("demo-data")
    print(DEMO_USERS_NOTE)
    if args.no_serve:
        return 0
    print(f"Serving the demo on http://127.0.0.1:{args.port}/  (Ctrl+C to stop)")
    call_command("runserver", f"127.0.0.1:{args.port}", **DEMO_SERVER_OPTIONS)
    return 0


# Static files are served by WhiteNoise (with the finders in demo mode), which answers 404 to a
# path outside them; runserver's own static handler would answer 500 to "/static/..%2F..".
DEMO_SERVER_OPTIONS = {"use_reloader": False, "use_static_handler": False}


def _serve(argv: list[str]) -> int:
    _django_setup()
    from gunicorn.app.wsgiapp import run

    if not HELP_FLAGS & set(argv):
        import django

        django.setup()
        missing = static_files_missing()
        if missing:
            print(missing, file=sys.stderr)
            return 2

    sys.argv = ["gunicorn", "ocop.wsgi:application", *argv]
    if not any(a.startswith("--bind") or a == "-b" for a in argv):
        sys.argv += ["--bind", os.environ.get("OCOP_BIND", "127.0.0.1:8000")]
    if not any(a.startswith("--workers") or a == "-w" for a in argv):
        sys.argv += ["--workers", os.environ.get("OCOP_WORKERS", "3")]
    run()
    return 0


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0] == "verify":
        # before any Django set-up: the offline check needs no setting, database or network
        from ocop.certificates import offline

        return offline.main(argv[1:])
    if argv and argv[0] == "demo":
        return _demo(argv[1:])
    if argv and argv[0] == "serve":
        try:
            return _serve(argv[1:])
        except ImproperlyConfigured as error:
            print(NOT_CONFIGURED.format(error=error, command="serve"), file=sys.stderr)
            return 2
    _django_setup()
    from django.core.management import execute_from_command_line

    if _help_only(argv):
        os.environ.setdefault("OCOP_DEMO", "1")  # only to print help
    if not argv or argv[0] in {"help", *HELP_FLAGS}:
        if len(argv) > 1:
            execute_from_command_line(["ocop", "help", *argv[1:]])
            return 0
        print(HELP)
        execute_from_command_line(["ocop", "help"])
        return 0
    try:
        execute_from_command_line(["ocop", *argv])
    except ImproperlyConfigured as error:
        print(NOT_CONFIGURED.format(error=error, command=" ".join(argv)), file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
