"""Tests of the widget kits (bot/recipe/kits), each against its library's test bed in Chromium."""

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
