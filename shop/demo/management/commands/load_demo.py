"""``manage.py load_demo``: the one-command Lào Cai demo (``shop.demo.services``)."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections
from django.db.migrations.executor import MigrationExecutor
from django.urls import NoReverseMatch, reverse

from shop.demo import data
from shop.demo.services import KINDS, DemoDataError, demo_load

ROLE_DESCRIPTIONS = {
    "operator": "operator: Oscar dashboard {dashboard}, Wagtail admin {wagtail}",
    "seller": "seller staff of {seller}: Oscar dashboard {dashboard}",
    "buyer": "buyer",
    "manager": "Chợ 4.0 market manager: market board {markets}",
    "vendor": "Chợ 4.0 vendor, {seller}: live feed {stalls}",
}


def _unapplied_migrations(database=DEFAULT_DB_ALIAS):
    """The migrations ``migrate`` would still apply, as (app, name) pairs."""
    executor = MigrationExecutor(connections[database])
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    return [(migration.app_label, migration.name) for migration, _ in plan]


def _url(name):
    try:
        return reverse(name)
    except NoReverseMatch:
        return "(not mounted)"


class Command(BaseCommand):
    help = (
        "Load the Lào Cai demo: Vietnamese sellers, OCOP products with generated "
        "images, categories, the Wagtail home page and three logins: "
        "admin@example.com / demo-admin (operator), seller@example.com / demo-seller "
        "(HTX Chè Bản Liền staff), buyer@example.com / demo-buyer. Safe to run again: "
        "demo rows are updated, never duplicated. Refuses to run with DEBUG off "
        "unless --force is given, because the demo passwords are public."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help="Load even with DEBUG off, e.g. on a public demo server.",
        )

    def handle(self, *args, force=False, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "DEBUG is off: this looks like a live site, and the demo creates an "
                "administrator with a public password. Use --force to load anyway."
            )
        try:
            pending = _unapplied_migrations()
        except DatabaseError as exc:
            raise CommandError(f"Cannot read the database: {exc}") from exc
        if pending:
            app_label, name = pending[0]
            raise CommandError(
                f"{len(pending)} migration(s) not applied yet, the first being "
                f"{app_label}.{name}. Run `manage.py migrate` first."
            )

        try:
            report = demo_load()
        except DemoDataError as exc:
            raise CommandError(str(exc)) from exc

        self.stdout.write(self.style.SUCCESS("Demo data loaded."))
        self.stdout.write(f"  {'':16}{'created':>8}{'existing':>10}")
        for kind in KINDS:
            self.stdout.write(
                f"  {kind:16}{report.created[kind]:>8}{report.existing[kind]:>10}"
            )

        sellers = {seller.code: seller.name for seller in data.SELLERS}
        urls = {
            "dashboard": _url("dashboard:index"),
            "wagtail": _url("wagtailadmin_home"),
            "markets": _url("markets:markets"),
            "stalls": _url("markets:stalls"),
        }
        self.stdout.write("")
        self.stdout.write(
            "Demo logins (a password is set only when its user is first created):"
        )
        for user in data.USERS:
            role = ROLE_DESCRIPTIONS[user.role].format(
                seller=sellers.get(user.seller_code, ""), **urls
            )
            self.stdout.write(f"  {user.email:20} {user.password:12} {role}")
        self.stdout.write(
            f"Chợ 4.0: a vendor's live feed is at {_url('markets:stalls')}; simulate a "
            "buyer paying stall 1 with `manage.py simulate_stall_payment --stall 1 "
            "--amount 35000`."
        )
