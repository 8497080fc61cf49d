"""The projects app's models: proposals.py (proposals, opinions, overlaps, coverage figures) and
reporting.py (each approved project's reports and figures)."""

from .proposals import (  # noqa: F401
    Currency,
    LetterDownload,
    Opinion,
    OpinionLetter,
    OverlapNote,
    Project,
    ProjectEvent,
    ProjectProvince,
    ProvinceNeed,
    TargetGroup,
    ThreadMessage,
)
from .reporting import ProjectFigure, ProjectReport, ReportingPlan  # noqa: E402, F401
