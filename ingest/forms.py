"""Editors' submission forms: pasted text, an uploaded file, or a URL."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.core.validators import URLValidator
from django.utils.translation import gettext_lazy as _

# Uploads larger than this are refused before parsing.
UPLOAD_MAX_BYTES = int(getattr(settings, "INGEST_UPLOAD_MAX_BYTES", settings.DATA_UPLOAD_MAX_MEMORY_SIZE))


class PasteForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=1000, required=False)
    text = forms.CharField(
        label=_("Article text"), widget=forms.Textarea(attrs={"rows": 12, "dir": "auto"}), strip=True
    )
    published = forms.DateField(
        label=_("Publication date"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    outlet = forms.CharField(label=_("Outlet"), max_length=200, required=False)
    url = forms.URLField(label=_("Original URL"), max_length=2000, required=False, assume_scheme="https")

    def clean_text(self) -> str:
        text = self.cleaned_data["text"]
        if len(text) > settings.ARTICLE_MAX_CHARS:
            raise forms.ValidationError(
                _("The text is longer than %(max)s characters."), params={"max": settings.ARTICLE_MAX_CHARS}
            )
        return text

    def record(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "title": data.get("title") or "",
            "text": data["text"],
            "published": data.get("published"),
            "outlet": data.get("outlet") or None,
            "url": data.get("url") or None,
        }


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("File"),
        help_text=_("Text, HTML, article JSON, JSON Lines or CSV (UTF-8)."),
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > UPLOAD_MAX_BYTES:
            raise forms.ValidationError(
                _("The file is too large (%(size)s bytes; the limit is %(max)s)."),
                params={"size": upload.size, "max": UPLOAD_MAX_BYTES},
            )
        return upload


class UrlForm(forms.Form):
    url = forms.CharField(label=_("Article URL"), max_length=2000)

    def clean_url(self) -> str:
        url = self.cleaned_data["url"].strip()
        try:
            URLValidator(schemes=["http", "https"])(url)
        except forms.ValidationError as exc:
            raise forms.ValidationError(_("Enter a valid http or https URL.")) from exc
        return url
