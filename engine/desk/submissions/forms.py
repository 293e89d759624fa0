"""The submissions' forms (Django forms): an upload, a document written in the browser,
and the queue's filters; what a user may send, bounded and validated before any of it
reaches the services. Error texts come from messages/web.yaml in the reader's
language."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile

from engine.desk.core.words import t
from engine.i18n import Lang
from engine.reading.yaml_loader import MAX_FILE_BYTES

KINDS = ("Proposal", "Procurement", "System")
LIMIT_MIB = MAX_FILE_BYTES // (1024 * 1024)


def _size(n: int, lang: Lang) -> str:
    """Exact, in bytes: a file just over the limit must not read as "2.0 MiB"."""
    grouped = f"{n:,}"
    return f"{grouped} bytes" if lang == "en" else f"{grouped.replace(',', '.')} bita"


class UploadForm(forms.Form):
    """A YAML file, at most as large as `patuh check` reads (the loader's 2 MiB)."""

    file = forms.FileField(allow_empty_file=True)

    def __init__(self, *args: Any, lang: Lang, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.lang = lang
        self.fields["file"].error_messages["required"] = t("submit.error.none", lang)

    def clean_file(self) -> UploadedFile:
        upload: UploadedFile = self.cleaned_data["file"]
        size = upload.size or 0
        if size > MAX_FILE_BYTES:
            raise forms.ValidationError(
                t(
                    "submit.error.too_large",
                    self.lang,
                    name=upload.name or "",
                    size=_size(size, self.lang),
                    limit_mib=LIMIT_MIB,
                ),
                code="too_large",
            )
        if size == 0:
            raise forms.ValidationError(t("submit.error.empty", self.lang), code="empty")
        return upload

    def data_and_name(self) -> tuple[bytes, str]:
        upload: UploadedFile = self.cleaned_data["file"]
        return upload.read(MAX_FILE_BYTES + 1), upload.name or "dokumen.yaml"


class WriteForm(forms.Form):
    """A document written in the browser, starting from `patuh init`'s template."""

    kind = forms.ChoiceField(choices=[(k, k) for k in KINDS])
    text = forms.CharField(strip=False)

    def __init__(self, *args: Any, lang: Lang, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.lang = lang
        self.fields["text"].error_messages["required"] = t("submit.error.none", lang)

    def clean_text(self) -> str:
        text: str = self.cleaned_data["text"]
        size = len(text.encode("utf-8"))
        if size > MAX_FILE_BYTES:
            raise forms.ValidationError(
                t(
                    "submit.error.too_large",
                    self.lang,
                    name="—",
                    size=_size(size, self.lang),
                    limit_mib=LIMIT_MIB,
                ),
                code="too_large",
            )
        return text

    def data_and_name(self) -> tuple[bytes, str]:
        kind = self.cleaned_data["kind"]
        # Browsers send text areas with CRLF line ends; the document is the same with LF.
        text = self.cleaned_data["text"].replace("\r\n", "\n")
        return text.encode("utf-8"), f"{kind.lower()}-ditulis-di-peramban.yaml"


AGES = (1, 3, 7, 14, 30)


class QueueFilter(forms.Form):
    """The queue's filters (GET): status (or every open one), OPD, kind, minimum age."""

    status = forms.CharField(required=False)
    opd = forms.CharField(required=False, max_length=300)  # the OPD's name
    kind = forms.ChoiceField(required=False, choices=[("", "")] + [(k, k) for k in KINDS])
    age = forms.TypedChoiceField(
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", "")] + [(str(a), str(a)) for a in AGES],
    )
