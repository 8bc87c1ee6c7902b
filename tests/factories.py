"""factory_boy factories for the models."""

import hashlib
from datetime import date

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.gis.geos import Point

from events.models import Incident, IncidentSource, Place
from ingest.models import Article, Outlet


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.PostGenerationMethodCall("set_password", "correct horse battery")

    @factory.post_generation
    def role(self, create, extracted, **kwargs):  # noqa: ANN001, ANN003
        if create and extracted:
            self.groups.add(Group.objects.get(name=extracted))
        if create:
            self.save()


class OutletFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Outlet

    name = factory.Sequence(lambda n: f"Outlet {n}")
    domain = factory.Sequence(lambda n: f"outlet{n}.example")


class ArticleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Article

    title = factory.Sequence(lambda n: f"خبر رقم {n}")
    text = factory.Sequence(lambda n: f"نص الخبر رقم {n} عن عملية أمنية.")
    content_hash = factory.LazyAttribute(lambda o: hashlib.sha256(o.text.encode()).hexdigest())
    outlet = factory.SubFactory(OutletFactory)
    status = Article.Status.DONE


class PlaceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Place

    name_ar = "ذيبان"
    name_en = "Dhiban"
    point = Point(40.52, 35.02, srid=4326)
    feature_kind = "town"
    governorate = "Deir ez-Zor"
    country = "SY"
    source = Place.Source.CURATED
    source_id = factory.Sequence(lambda n: f"test:{n}")
    licence = "CC0"


class IncidentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Incident

    type = Incident.Type.RAID
    date_start = date(2025, 3, 12)
    date_end = date(2025, 3, 12)
    date_precision = Incident.DatePrecision.DAY
    point = Point(40.52, 35.02, srid=4326)
    place_name = "ذيبان"
    governorate = "Deir ez-Zor"
    geo_precision = "exact"
    arrested = 2
    confidence = 0.7


class IncidentSourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = IncidentSource

    incident = factory.SubFactory(IncidentFactory)
    article = factory.SubFactory(ArticleFactory)
    evidence = "نفذت القوات عملية في ذيبان."
