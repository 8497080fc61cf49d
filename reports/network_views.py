"""The network page for ICMPD staff and PMM officials: reports.network's figures for a period and a
thematic area, as charts (server-rendered SVG) with the tables behind them, and as XLSX."""

import datetime

from django import forms
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from magnet.exports import workbook_response
from magnet.permissions import role_required
from magnet.roles import ICMPD_STAFF, PMM_OFFICIAL
from stakeholders.models import ThematicArea

from .chapters import network_part
from .network import network_figures


class NetworkFilterForm(forms.Form):
    start = forms.DateField(label=gettext_lazy("From"), widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label=gettext_lazy("Until"), widget=forms.DateInput(attrs={"type": "date"}))
    thematic_area = forms.ModelChoiceField(
        label=gettext_lazy("Thematic area"), queryset=ThematicArea.objects.none(), required=False,
        empty_label=gettext_lazy("All thematic areas"), to_field_name="code",
    )

    def __init__(self, data):
        today = timezone.localdate()
        defaults = {"start": (today - datetime.timedelta(days=365)).isoformat(), "end": today.isoformat()}
        super().__init__(data={**defaults, **{k: v for k, v in data.items() if v}})
        self.fields["thematic_area"].queryset = ThematicArea.objects.order_by("order", "pk")

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            raise forms.ValidationError(_("The end of the period must not be before its start."))
        return data


def _figures(form):
    data = form.cleaned_data
    return network_figures(start=data["start"], end=data["end"], thematic_area=data.get("thematic_area"))


@role_required(ICMPD_STAFF, PMM_OFFICIAL)
def network_page(request):
    form = NetworkFilterForm(request.GET)
    network = None
    if form.is_valid():
        network = network_part(_figures(form), translation.get_language()[:2])
    return render(request, "reports/network.html", {"form": form, "net": network,
                                                    "query": request.GET.urlencode()},
                  status=200 if form.is_valid() else 400)


@role_required(ICMPD_STAFF, PMM_OFFICIAL)
def network_xlsx(request):
    form = NetworkFilterForm(request.GET)
    if not form.is_valid():
        return HttpResponse(status=400)
    net = network_part(_figures(form), translation.get_language()[:2])
    return workbook_response("magnet-network", network_sheets(net))


def network_sheets(net) -> list:
    """One sheet per table of the page: (title, headers, rows)."""
    pillar_names = [p["name"] for p in net["pillars"]]
    codes = [p["code"] for p in net["pillars"]]
    return [
        (_("Events"), [_("Date"), _("Event"), *pillar_names, _("Total")],
         [[datetime.date.fromisoformat(e["date"]), e["title"], *[e["by_pillar"][c] for c in codes], e["total"]] for e in net["events"]]),
        (_("Over time"), [_("Month"), *pillar_names, _("Total")],
         [[m["month"], *[m["by_pillar"][c] for c in codes], m["total"]] for m in net["over_time"]]),
        (_("New and returning"), ["", _("New"), _("Returning"), _("Total")],
         [[_("People"), net["participants"]["new"], net["participants"]["returning"], net["participants"]["total"]],
          [_("Organisations"), net["organisations"]["new"], net["organisations"]["returning"], net["organisations"]["total"]]]),
        (_("First met another pillar"), [_("Pillar"), _("Organisations")],
         [[row["pillar_name"], row["organisations"]] for row in net["first_met"]["rows"]]),
        (_("Not seen for a year"), [_("Organisation"), _("Pillar"), _("Last seen")],
         [[o["name"], o["pillar_name"], datetime.date.fromisoformat(o["last_seen"])] for o in net["dormant"]["organisations"]]),
    ]
