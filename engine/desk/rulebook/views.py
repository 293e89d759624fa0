"""The rules' pages: /rules/ lists every rule of the desk's packs by area, /rules/ID/
shows one as `patuh explain ID` does (pack, area, severity, kinds, message with the
policies' thresholds, basis, quote, remedy) and which fields of the form ask for it.
Readable by anyone signed in; a rule the catalog does not hold is 404."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.views.decorators.http import require_GET

from engine.desk.core import checking
from engine.desk.core.language import request_lang
from engine.desk.forms.schema import form_of, nodes
from engine.desk.web.pages import page
from engine.desk.web.remedies import desk_remedy
from engine.evaluating.parameters import explain_params
from engine.i18n import PLACEHOLDER
from engine.resources import policies_dir


@login_required
@require_GET
def rules(request: HttpRequest) -> HttpResponse:
    catalog = checking.catalog()
    return page(request, "rules.html", nav="rules", areas=catalog.areas, catalog=catalog)


@login_required
@require_GET
def rule(request: HttpRequest, rule_id: str) -> HttpResponse:
    lang = request_lang(request)
    catalog = checking.catalog()
    found = catalog.rules.get(rule_id.strip().upper())
    if found is None:
        raise Http404
    pack = catalog.pack_of(found.id)
    # The thresholds as the policies apply them (data.json), not `{min_hours}`.
    texts = found.message(lang) + found.remedy(lang)
    values = explain_params(policies_dir(), pack, PLACEHOLDER.findall(texts))
    fields = [
        (kind, node.path.replace(".#", ""))
        for kind in found.applies_to
        for node in nodes(form_of(kind))
        if found.id in node.rules
    ]
    return page(
        request,
        "rule.html",
        nav="rules",
        rule=found,
        pack=pack,
        area=catalog.area_of(found.id),
        message=catalog.message(found.id, lang, values),
        remedy=desk_remedy(catalog.remedy(found.id, lang, values)),
        fields=fields,
    )
