"""Tests of the widget kits (bot/recipe/kits), each against its library's test bed in Chromium."""

import datetime as dt

import pytest

# The page misses the next ``count`` clicks on an option matching ``css`` (as a click that did not take under
# load): they stop at the document, before the library's handler. ``window.missed`` counts them.
MISS_OPTION_CLICKS = """([css, count]) => {
  window.missed = 0;
  document.addEventListener('click', (event) => {
    if (window.missed < count && event.target.closest(css)) {
      window.missed += 1;
      event.stopPropagation();
    }
  }, true);
}"""


MOVE_ON_PRESS = """([css, nth]) => {
  // the nth press (from 0) on css moves its list up by a page until the release: the press and the release land
  // on different elements, and the click goes to what holds both, as when a popup is placed again mid-click
  window.moved = 0;
  let presses = 0;
  document.addEventListener('mousedown', (event) => {
    const item = event.target.closest(css);
    if (!item || presses++ !== nth) return;
    const list = item.parentElement;
    list.style.transform = 'translateY(-300px)';
    window.moved += 1;
    document.addEventListener('mouseup', () => setTimeout(() => { list.style.transform = ''; }), {once: true});
  }, true);
}"""


# clicks on the option swallowed (chosen nothing), and whether the next press then moves the list until its release
# (the click lands beside the option: a load run's second click did not reach a tree's leaf). A click beside is
# made again without counting; two swallowed ones are refused.
MISSED_CLICKS = pytest.mark.parametrize(
    ("missed", "beside"), [(1, False), (2, False), (1, True)], ids=["once", "twice", "once-then-beside"]
)


def assert_clicked_again_or_refused(outcome: object, missed: int, value: str, field: str, widget: str) -> None:
    """What a kit does after ``missed`` clicks on its option did not take: one, it clicked again and the box
    (``outcome``) shows ``value``; two, ``outcome`` is Target.not_taken's sentence about the ``field``, a
    ``widget`` such as "Ant Design Vue 下拉框"."""
    if missed == 1:
        assert outcome == value
    else:
        assert outcome == (
            f"「{field}」是 {widget}，点选了选项「{value}」两次，框中仍未显示它；请稍后重试，或检查页面是否响应"
        )


def three_years_on() -> str:
    """A date three years after today, in this month: a calendar opened on today pages to it by three clicks on
    its next-year arrow and none on its month arrow."""
    today = dt.date.today()
    return f"{today.year + 3}-{today.month:02d}-15"
