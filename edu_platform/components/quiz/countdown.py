"""The time left of a timed attempt, counted down in the browser.

The server sends the deadline once (`QuizState.deadline_ms`, milliseconds since the
epoch); a small React component redraws the label once a second from the browser's clock
and, at zero, sends `QuizState.time_up` (which submits when the server's clock agrees).
No websocket traffic and no server work while the time runs.

Accessibility: the badge is a `timer` whose label is visible and not announced on every
change (`aria-live="off"`); a separate polite live region speaks the time left at minute
marks only (every minute in the last five, every fifth minute before).
"""

from __future__ import annotations

import reflex as rx
from reflex_base.event import EventHandler, no_args_event_spec
from reflex_base.utils.imports import ImportVar
from reflex_base.vars.base import Var
from reflex_base.vars.sequence import StringVar
from reflex_components_radix.themes.base import RadixThemesComponent

from edu_platform.components.i18n import tr, tr_plural

TESTID = "quiz-countdown"
ANNOUNCEMENT_TESTID = "quiz-countdown-announcement"

# Module-level code of the page: the label format and the component. Written with
# `jsx()` calls like the code Reflex compiles, so it needs no JSX transform of its own.
_CODE = """
const quizCountdownLabel = (total) => {
  const two = (n) => String(n).padStart(2, "0");
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = total % 60;
  return hours ? `${hours}:${two(minutes)}:${two(seconds)}` : `${two(minutes)}:${two(seconds)}`;
};

function QuizCountdown({ deadline, onExpire, announce, children }) {
  const secondsLeft = () => Math.max(0, Math.ceil((Number(deadline) - Date.now()) / 1000));
  const [left, setLeft] = useState(secondsLeft);
  const [said, setSaid] = useState("");
  const expire = useRef(onExpire);
  const speak = useRef(announce);
  expire.current = onExpire;
  speak.current = announce;
  useEffect(() => {
    if (!deadline) return undefined;
    let timer = null;
    let mark = Math.ceil(secondsLeft() / 60);
    const step = () => {
      const rest = secondsLeft();
      setLeft(rest);
      const minutes = Math.ceil(rest / 60);
      if (minutes < mark) {
        mark = minutes;
        if (minutes > 0 && (minutes <= 5 || minutes % 5 === 0)) {
          setSaid(speak.current ? speak.current(minutes) : "");
        }
      }
      if (rest <= 0) {
        if (expire.current) expire.current();
        return;
      }
      // Wake just after the next whole second of the time left.
      timer = setTimeout(step, ((Number(deadline) - Date.now()) % 1000) + 20);
    };
    step();
    return () => clearTimeout(timer);
  }, [deadline]);
  return jsx(
    Fragment,
    {},
    jsx(
      RadixThemesBadge,
      { size: "3", color: left < 60 ? "red" : "indigo", role: "timer", "aria-live": "off" },
      children,
      jsx("span", { "data-testid": "@TESTID@" }, quizCountdownLabel(left)),
    ),
    jsx(
      "span",
      {
        className: "sr-only",
        "aria-live": "polite",
        "aria-atomic": "true",
        "data-testid": "@ANNOUNCEMENT@",
      },
      said,
    ),
  );
}
""".replace("@TESTID@", TESTID).replace("@ANNOUNCEMENT@", ANNOUNCEMENT_TESTID)


class QuizCountdown(rx.Component):
    """`<QuizCountdown deadline={ms} announce={(minutes) => text} onExpire={...}>`."""

    tag = "QuizCountdown"

    deadline: rx.Var[int]
    announce: rx.Var[str]  # a JavaScript function: minutes -> the sentence to announce
    on_expire: EventHandler[no_args_event_spec]

    def add_imports(self):
        return {
            "react": [ImportVar(tag="useState"), ImportVar(tag="useEffect"),
                      ImportVar(tag="useRef"), ImportVar(tag="Fragment")],
            "@emotion/react": [ImportVar(tag="jsx")],
            RadixThemesComponent.get_fields()["library"].default: [
                ImportVar(tag="Badge", alias="RadixThemesBadge")
            ],
        }  # fmt: skip

    def add_custom_code(self) -> list[str]:
        return [_CODE]


def _announcement() -> Var:
    """(minutes) => "Time left: 4 minutes", in the interface language."""
    minutes = Var("minutes", _var_type=int)
    label: StringVar = tr("quiz.time_left").to(str)
    text = label + ": " + tr_plural("plural.minutes", minutes).to(str)
    return Var(f"((minutes) => {text!s})", _var_type=str, _var_data=text._get_all_var_data())


def countdown(deadline: rx.Var, on_expire) -> rx.Component:
    """The badge "⏱ Time left: 04:59" for a deadline in epoch milliseconds."""
    return QuizCountdown.create(
        rx.icon("timer", size=16),
        tr("quiz.time_left"),
        ": ",
        deadline=deadline,
        announce=_announcement(),
        on_expire=on_expire,
    )
