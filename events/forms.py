"""Forms of the editors' review pages. They validate; services write."""

from __future__ import annotations

import json
from typing import Any

from django import forms
from django.contrib.gis import forms as gis_forms
from django.core.exceptions import ValidationError
from django.forms.renderers import TemplatesSetting
from django.utils.translation import get_language_bidi
from django.utils.translation import gettext_lazy as _
from leaflet.forms.widgets import LeafletWidget

from . import services
from .models import Actor, GeoPrecision, Incident, Place
from .review import REASON_MAX, current_state, values_differ


class PointPickerWidget(LeafletWidget):
    """django-leaflet's form widget without its inline ``<script>`` (the CSP forbids it).

    The map options go into a JSON data block and ``static/review/js/point_picker.js``
    builds the map and the ``L.GeometryField`` that the stock widget builds inline.
    """

    template_name = "review/widgets/point_picker.html"
    geom_type = "POINT"

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        from leaflet.templatetags.leaflet_tags import leaflet_map

        context = super().get_context(name, value, attrs)
        map_context = leaflet_map(context["id_map"], settings_overrides=self.settings_overrides or {})
        context["djoptions"] = json.loads(map_context["djoptions"])
        context["options_id"] = f"{context['id_map']}-options"
        return context

    def render(self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None) -> str:
        # The template lives in the project's templates/ (TEMPLATES DIRS), which the
        # default form renderer does not search.
        return super().render(name, value, attrs, renderer=TemplatesSetting())


class LinesField(forms.CharField):
    """A list of short strings, one per line."""

    widget = forms.Textarea(attrs={"rows": 3})

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, list):
            return "\n".join(str(v) for v in value)
        return value

    def to_python(self, value: Any) -> list[str]:  # type: ignore[override]
        text = super().to_python(value) or ""
        return [line.strip() for line in text.splitlines() if line.strip()]


class ActorChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Actor) -> str:
        if get_language_bidi():
            return f"{obj.name_ar} — {obj.name_en}"
        return f"{obj.name_en} — {obj.name_ar}"


def _date_input() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class IncidentEditForm(forms.Form):
    """Every editable field of an incident, a required reason and the loaded version."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    type = forms.ChoiceField(label=_("Type"), choices=Incident.Type.choices)
    subtype = forms.CharField(label=_("Subtype"), max_length=40, required=False)
    date_start = forms.DateField(label=_("Start date"), required=False, widget=_date_input())
    date_end = forms.DateField(label=_("End date"), required=False, widget=_date_input())
    date_precision = forms.ChoiceField(label=_("Date precision"), choices=Incident.DatePrecision.choices)
    place_search = forms.CharField(
        label=_("Find a place (Arabic or English)"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "role": "combobox", "aria-expanded": "false"}),
    )
    place = forms.ModelChoiceField(
        label=_("Gazetteer place"), queryset=Place.objects.all(), required=False, widget=forms.HiddenInput
    )
    place_name = forms.CharField(label=_("Place name (as reported)"), max_length=300, required=False)
    governorate = forms.CharField(label=_("Governorate"), max_length=60, required=False)
    district = forms.CharField(label=_("District"), max_length=100, required=False)
    geo_precision = forms.ChoiceField(
        label=_("Location precision"), choices=[("", "—"), *GeoPrecision.choices], required=False
    )
    point = gis_forms.PointField(
        label=_("Location on the map"), srid=4326, required=False, widget=PointPickerWidget
    )
    latitude = forms.FloatField(label=_("Latitude"), required=False, min_value=-90, max_value=90)
    longitude = forms.FloatField(label=_("Longitude"), required=False, min_value=-180, max_value=180)
    actors = ActorChoiceField(
        label=_("Actors"), queryset=Actor.objects.all(), to_field_name="slug", required=False,
        widget=forms.CheckboxSelectMultiple,
    )  # fmt: skip
    targets = ActorChoiceField(
        label=_("Targets"), queryset=Actor.objects.all(), to_field_name="slug", required=False,
        widget=forms.CheckboxSelectMultiple,
    )  # fmt: skip
    arrested = forms.IntegerField(label=_("Arrested"), min_value=0, required=False)
    killed = forms.IntegerField(label=_("Killed"), min_value=0, required=False)
    injured = forms.IntegerField(label=_("Injured"), min_value=0, required=False)
    persons = LinesField(label=_("Named persons (one per line)"), required=False)
    seized = LinesField(label=_("Seized items (one per line)"), required=False)
    summary_ar = forms.CharField(
        label=_("Summary (Arabic)"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    summary_en = forms.CharField(
        label=_("Summary (English)"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    confidence = forms.FloatField(label=_("Confidence"), min_value=0, max_value=1)
    reason = forms.CharField(
        label=_("Reason for the change"),
        max_length=REASON_MAX,
        help_text=_("Required. Shown in the incident's history."),
    )

    def __init__(self, *args: Any, incident: Incident, **kwargs: Any) -> None:
        self.incident = incident
        kwargs.setdefault("initial", self.initial_for(incident))
        super().__init__(*args, **kwargs)
        self.fields["summary_ar"].widget.attrs["dir"] = "rtl"
        self.fields["summary_en"].widget.attrs["dir"] = "ltr"
        for name in ("latitude", "longitude"):
            self.fields[name].widget.attrs.update({"step": "any", "dir": "ltr"})

    @staticmethod
    def initial_for(incident: Incident, overrides: dict[str, Any] | None = None) -> dict[str, Any]:
        state = current_state(incident)
        state.update(overrides or {})
        point = state.get("point")
        initial = {**state, "version": incident.version}
        initial["latitude"] = round(point.y, 6) if point else None
        initial["longitude"] = round(point.x, 6) if point else None
        initial["point"] = point
        if incident.place_id and state.get("place") == incident.place_id:
            initial["place_search"] = str(incident.place)
        return initial

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        start, end = data.get("date_start"), data.get("date_end")
        if start and end and end < start:
            self.add_error("date_end", _("The end date is before the start date."))
        lat, lon = data.get("latitude"), data.get("longitude")
        if (lat is None) != (lon is None):
            self.add_error("longitude" if lon is None else "latitude", _("Give both latitude and longitude."))
        return data

    def new_point(self, loaded: Any) -> Any:
        """The map wins when it was moved from ``loaded``; else the typed coordinates (no-JS path)."""
        data = self.cleaned_data
        from_map = data.get("point")
        if values_differ("point", from_map, loaded):
            return from_map
        try:
            from_numbers = services.make_point(data.get("latitude"), data.get("longitude"))
        except ValidationError:
            return loaded
        if values_differ("point", from_numbers, loaded):
            return from_numbers
        return loaded

    def changes(self) -> dict[str, Any]:
        """Only the fields the editor changed (only those get locked)."""
        now = current_state(self.incident)
        data = self.cleaned_data
        out: dict[str, Any] = {}
        for name in services.EDITABLE_FIELDS:
            if name == "point":
                value: Any = self.new_point(self.incident.point)
            elif name in ("actors", "targets"):
                value = sorted(a.slug for a in data.get(name) or [])
            elif name == "place":
                place = data.get("place")
                value = place.pk if place else None
            else:
                value = data.get(name)
                if isinstance(self.fields[name], forms.CharField) and value is None:
                    value = ""
            if values_differ(name, value, now[name]):
                out[name] = data.get("place") if name == "place" else value
        return out


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("New status"), choices=Incident.Status.choices)
    reason = forms.CharField(label=_("Reason"), max_length=REASON_MAX, required=False)
    next = forms.CharField(required=False, widget=forms.HiddenInput)


class BulkForm(forms.Form):
    ACTIONS = [("verify", _("Verify")), ("reject", _("Reject")), ("merge", _("Merge into the chosen target"))]

    action = forms.ChoiceField(label=_("Action"), choices=ACTIONS)
    ids = forms.TypedMultipleChoiceField(label=_("Incidents"), coerce=int, choices=())
    target = forms.IntegerField(label=_("Merge target"), required=False)
    reason = forms.CharField(label=_("Reason"), max_length=REASON_MAX, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        raw = self.data.getlist("ids") if hasattr(self.data, "getlist") else self.data.get("ids", [])
        self.fields["ids"].choices = [(v, v) for v in raw if str(v).isdigit()]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        action = data.get("action")
        if action == "reject" and not (data.get("reason") or "").strip():
            self.add_error("reason", _("A reason is required to reject."))
        if action == "merge":
            target = data.get("target")
            if not target:
                self.add_error("target", _("Choose the incident to merge into."))
            elif not [i for i in data.get("ids") or [] if i != target]:
                self.add_error("ids", _("Select at least one other incident to merge into the target."))
            elif not Incident.objects.filter(pk=target).exclude(status=Incident.Status.MERGED).exists():
                self.add_error("target", _("The merge target does not exist or is itself merged."))
            elif (
                Incident.objects.filter(pk__in=data["ids"], status=Incident.Status.MERGED)
                .exclude(pk=target)
                .exists()
            ):
                self.add_error("ids", _("An incident that is already merged cannot be merged again."))
        return data


class MergeIntoForm(forms.Form):
    target = forms.IntegerField(label=_("Merge this incident into incident #"), min_value=1)
    reason = forms.CharField(label=_("Reason"), max_length=REASON_MAX)

    def __init__(self, *args: Any, incident: Incident, **kwargs: Any) -> None:
        self.incident = incident
        super().__init__(*args, **kwargs)

    def clean_target(self) -> int:
        target = self.cleaned_data["target"]
        if target == self.incident.pk:
            raise ValidationError(_("An incident cannot be merged into itself."))
        if not Incident.objects.filter(pk=target).exclude(status=Incident.Status.MERGED).exists():
            raise ValidationError(_("The merge target does not exist or is itself merged."))
        return target


class ReasonForm(forms.Form):
    """Split and revert: a reason, and (revert) the version the editor looked at."""

    reason = forms.CharField(label=_("Reason"), max_length=REASON_MAX)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class QueueFilterForm(forms.Form):
    type = forms.ChoiceField(
        label=_("Type"), choices=[("", _("all")), *Incident.Type.choices], required=False
    )
    governorate = forms.ChoiceField(label=_("Governorate"), required=False)
    status = forms.ChoiceField(
        label=_("Status"), choices=[("", _("to review")), *Incident.Status.choices], required=False
    )
    needs_review = forms.ChoiceField(
        label=_("Flagged"),
        choices=[("", _("all")), ("1", _("needs review")), ("0", _("not flagged"))],
        required=False,
    )
    date_from = forms.DateField(label=_("From"), required=False, widget=_date_input())
    date_to = forms.DateField(label=_("To"), required=False, widget=_date_input())

    def __init__(self, *args: Any, governorates: list[str] = (), **kwargs: Any) -> None:  # type: ignore[assignment]
        super().__init__(*args, **kwargs)
        self.fields["governorate"].choices = [("", _("all")), *((g, g) for g in governorates)]
