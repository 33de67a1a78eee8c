"""Learning metrics from `learning_event`, as defined in API.md ("Learning metrics").

All six metrics come from one pass over the course's events in the window: a window
function (LAG) gives each event's gap to the previous event of the same learner, and the
database groups the gaps by learner and UTC day. Python then only combines those
(learner, day) rows — at most learners × days of them, never one row per event — into the
per-learner figures, the course's distribution, the retention curve and the daily series.

Windows are UTC days, both ends included (default: the last 30 days); a learner's window
starts no earlier than the day of their enrolment and ends no later than today (a
day or week that has not begun is not counted). Ratios are rounded to 3 decimals,
minutes to 0.1, half up; a course's averages and percentiles are of the unrounded values.

The package: `core` (windows, permissions, the one pass over events), `learner`,
`course`, `dashboard`, `storage` (the calculate job, nightly refresh, retention of raw events).
"""

from edu_platform.services.metrics.core import (
    ACTIVITY_PEAK,
    DEFAULT_WINDOW_DAYS,
    INACTIVE_AFTER_DAYS,
    MAX_WINDOW_DAYS,
    METRICS,
    SECONDS_PER_DAY,
    SESSION_GAP_SECONDS,
    Window,
    half_up,
    metric_names,
    require_course_analyst,
    window,
)
from edu_platform.services.metrics.course import (
    CourseAnalytics,
    DayActivity,
    Distribution,
    FunnelStep,
    InactiveLearner,
    WeekShare,
    course_analytics,
)
from edu_platform.services.metrics.dashboard import (
    CourseStatistics,
    Dashboard,
    SessionAttendance,
    TrendPoint,
    WeekRegistrations,
    activity_signature,
    course_dashboard,
    course_statistics,
    course_trend,
)
from edu_platform.services.metrics.learner import (
    MY_METRICS,
    STREAK_LOOKBACK_DAYS,
    CourseActivity,
    LearnerMetrics,
    MyActivity,
    learner_metrics,
    my_activity,
)
from edu_platform.services.metrics.storage import (
    CALCULATE_JOB,
    MetricJob,
    metric_job,
    nightly_course_ids,
    roll_up_and_purge,
    run_calculation,
    start_calculation,
    store_course_metrics,
)

__all__ = [
    "ACTIVITY_PEAK",
    "CALCULATE_JOB",
    "DEFAULT_WINDOW_DAYS",
    "INACTIVE_AFTER_DAYS",
    "MAX_WINDOW_DAYS",
    "METRICS",
    "MY_METRICS",
    "SECONDS_PER_DAY",
    "SESSION_GAP_SECONDS",
    "STREAK_LOOKBACK_DAYS",
    "CourseActivity",
    "CourseAnalytics",
    "CourseStatistics",
    "Dashboard",
    "DayActivity",
    "Distribution",
    "FunnelStep",
    "InactiveLearner",
    "LearnerMetrics",
    "MetricJob",
    "MyActivity",
    "SessionAttendance",
    "TrendPoint",
    "WeekRegistrations",
    "WeekShare",
    "Window",
    "activity_signature",
    "course_analytics",
    "course_dashboard",
    "course_statistics",
    "course_trend",
    "half_up",
    "learner_metrics",
    "metric_job",
    "metric_names",
    "my_activity",
    "nightly_course_ids",
    "require_course_analyst",
    "roll_up_and_purge",
    "run_calculation",
    "start_calculation",
    "store_course_metrics",
    "window",
]
