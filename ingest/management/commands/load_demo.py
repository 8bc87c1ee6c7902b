"""Demo set-up: role users and the sample articles in demo/articles, ingested."""

import os
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand

from events.roles import ADMIN, ANALYST, EDITOR
from ingest.article_files import iter_article_paths, parse_article_bytes
from ingest.models import Article
from ingest.services import submit_article

DEMO_DIR = Path(settings.BASE_DIR) / "demo" / "articles"


class Command(BaseCommand):
    help = "Create demo users (analyst, editor, admin) and ingest the sample articles in demo/articles."

    def handle(self, *args, **options) -> None:  # noqa: ANN002, ANN003
        password = os.environ.get("DEMO_PASSWORD", "opstracker-demo")
        user_model = get_user_model()
        for role in (ANALYST, EDITOR, ADMIN):
            user, created = user_model.objects.get_or_create(username=role)
            if created:
                user.set_password(password)
            user.is_staff = role == ADMIN
            user.is_superuser = role == ADMIN
            user.save()
            user.groups.set([Group.objects.get(name=role)])
        stored = duplicates = 0
        for path in iter_article_paths([DEMO_DIR]):
            for item in parse_article_bytes(path.read_bytes(), path.name):
                if isinstance(item, Exception):
                    self.stderr.write(str(item))
                    continue
                sub = submit_article(
                    text=item["text"], title=item.get("title", ""), url=item.get("url"),
                    published=item.get("published"), language=item.get("language", ""),
                    outlet=item.get("outlet"), external_id=item.get("id", ""), channel=Article.Channel.DEMO,
                )  # fmt: skip
                stored += sub.created
                duplicates += not sub.created
        self.stdout.write(self.style.SUCCESS(f"Demo articles: {stored} new, {duplicates} already stored."))
        self.stdout.write("Demo users (change these passwords for any shared deployment):")
        for role in (ANALYST, EDITOR, ADMIN):
            self.stdout.write(f"  {role:<8} password: {password}")
