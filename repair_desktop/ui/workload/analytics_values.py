"""What the estimates and deadline charts draw, worked out from the store's rows with no Qt in it.

Efficiency is each technician's estimated hours of the jobs they completed in
the period beside the hours those jobs took; the fortnight is the shop's booked
beside its available hours per coming day; on time is the share of callback
deadlines kept, per bar of the period (day, week or month, as the throughput
chart groups them) and per technician. A bar with no deadline settled in it is
drawn at 0; the subtitle's totals and the technicians' table give the counts
behind the shares.
"""

from collections.abc import Sequence

from ...store import DayLoad, Efficiency, OnTimeCount, OnTimeReport
from .chart_axes import bar_grouping, chart_names, nice_axis, shown_labels

#: Series colours, each a pair that shares a chart: told apart with every common colour-vision deficiency and
#: at least 3:1 against the chart panel in light and dark (tests/ui/widgets/test_badge_colours.py).
ANALYTICS_COLOURS = {"estimated": "#d97706", "took": "#2563eb", "available": "#d97706", "booked": "#2563eb",
                     "respond": "#2563eb", "resolve": "#16a34a"}
#: A share axis: 0 to 100 % in quarters.
PERCENT_AXIS = (100.0, 25.0)

EMPTY = {
    "efficiencyNames": [], "efficiencyEstimated": [], "efficiencyTook": [], "efficiencyJobs": 0,
    "efficiencyTeam": "", "efficiencyAxisMax": 1.0, "efficiencyAxisStep": 1.0,
    "fortnightLabels": [], "fortnightShownLabels": [], "fortnightBooked": [], "fortnightAvailable": [],
    "fortnightEmpty": "", "fortnightSummary": "", "fortnightAxisMax": 1.0, "fortnightAxisStep": 1.0,
    "onTimeTitle": "Callbacks on time", "onTimeLabels": [], "onTimeShownLabels": [], "onTimeRespond": [],
    "onTimeResolve": [], "onTimeSettled": 0, "onTimeSummary": "", "onTimeNames": [], "onTimeTechRespond": [],
    "onTimeTechResolve": [],
}


def hours(minutes: int) -> float:
    return round(minutes / 60, 1)


def percent(count: OnTimeCount) -> int:
    """The share kept as a whole percentage; 0 where nothing was settled (the totals say so)."""
    return round(count.share * 100) if count.share is not None else 0


def share_text(count: OnTimeCount) -> str:
    return f"{count.share:.0%}" if count.share is not None else "—"


def team_efficiency(rows: Sequence[Efficiency]) -> str:
    """The whole team's estimated minutes against the minutes taken, as a share ("—" with nothing timed)."""
    took = sum(r.actual_minutes for r in rows)
    return f"{sum(r.estimated_minutes for r in rows if r.actual_minutes) / took:.0%}" if took else "—"


def estimate_values(efficiency: Sequence[Efficiency], fortnight: Sequence[DayLoad]) -> dict:
    estimated = [hours(r.estimated_minutes) for r in efficiency]
    took = [hours(r.actual_minutes) for r in efficiency]
    axis_max, axis_step = nice_axis(max([*estimated, *took], default=0.0) * 1.1, whole=False)
    labels = [f"{d.day:%a}"[:2] + f" {d.day.day}" for d in fortnight]
    booked = [hours(d.booked_minutes) for d in fortnight]
    available = [hours(d.available_minutes) for d in fortnight]
    day_max, day_step = nice_axis(max([*booked, *available], default=0.0) * 1.1, whole=False)
    overall, took_any = team_efficiency(efficiency), any(r.actual_minutes for r in efficiency)
    open_hours = hours(sum(d.available_minutes for d in fortnight))
    booked_hours = hours(sum(d.booked_minutes for d in fortnight))
    return {"efficiencyNames": chart_names([r.name for r in efficiency]), "efficiencyEstimated": estimated,
            "efficiencyTook": took, "efficiencyJobs": sum(r.jobs for r in efficiency if r.actual_minutes),
            "efficiencyTeam": f"team {overall} of estimate · " if took_any else "", "efficiencyAxisMax": axis_max,
            "efficiencyAxisStep": axis_step, "fortnightLabels": labels,
            "fortnightShownLabels": shown_labels(labels, newest=False), "fortnightBooked": booked,
            "fortnightAvailable": available,
            "fortnightEmpty": "" if open_hours else "No technicians yet" if not efficiency
            else "Nobody has open hours in the next 14 days",
            "fortnightSummary": f"{booked_hours:g} of {open_hours:g} h booked" if open_hours else "",
            "fortnightAxisMax": day_max, "fortnightAxisStep": day_step}


def on_time_values(report: OnTimeReport) -> dict:
    unit, key = bar_grouping(len(report.per_day))
    labels: list[str] = []
    respond: list[OnTimeCount] = []
    resolve: list[OnTimeCount] = []
    for day in report.per_day:
        label = key(day.day)
        if not labels or labels[-1] != label:
            labels.append(label)
            respond.append(OnTimeCount())
            resolve.append(OnTimeCount())
        respond[-1] += day.respond
        resolve[-1] += day.resolve
    settled = report.respond.total + report.resolve.total
    return {"onTimeTitle": f"Callbacks on time per {unit}", "onTimeLabels": labels,
            "onTimeShownLabels": shown_labels(labels), "onTimeRespond": [percent(c) for c in respond],
            "onTimeResolve": [percent(c) for c in resolve], "onTimeSettled": settled,
            "onTimeSummary": (f"picked up {share_text(report.respond)} of {report.respond.total}, resolved "
                              f"{share_text(report.resolve)} of {report.resolve.total}") if settled else "",
            "onTimeNames": chart_names([t.name for t in report.technicians]),
            "onTimeTechRespond": [percent(t.respond) for t in report.technicians],
            "onTimeTechResolve": [percent(t.resolve) for t in report.technicians]}
