"""Keyboard use in chromium, beyond what axe sees (issue #21): at 1280 CSS px, at 360 px and at
1280 px zoomed to 400 % (a 320 CSS px layout).

Tab reaches only what the reader sees (nothing off-screen, transparent, hidden or under a
panel); the menu and the search open only on an explicit action, close on Escape and when
focus leaves them, and give focus back to what opened them; Escape from a search result leaves
focus on something visible; a focused result is outlined; no single key does anything.
"""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

# name: (viewport width, height, device scale factor); 1280 px at 400 % is a 320 px layout.
SIZES = {"1280px": (1280, 800, 1), "360px": (360, 800, 1), "1280px-400%": (320, 200, 4)}
NARROW = ["360px", "1280px-400%"]

# Where the focused element is not seen, as a reason ("" when it is): no size, outside the
# window, hidden or transparent (itself or an ancestor), or under another element. Waits for
# running transitions that move or reveal things (a panel sliding in) to end first.
UNSEEN = """async () => {
  const moving = /^(opacity|visibility|transform|translate|width|height|max-height|left|top)$/;
  await Promise.all(document.getAnimations().filter(a => moving.test(a.transitionProperty || 'all'))
    .map(a => a.finished.catch(() => null)));
  return unseen(document.activeElement);
  function unseen(e) {
  if (!e || e === document.body) return 'nothing has focus';
  const r = e.getBoundingClientRect();
  if (r.width < 1 || r.height < 1) return 'no size';
  if (r.right <= 0 || r.bottom <= 0 || r.left >= innerWidth || r.top >= innerHeight)
    return `outside the window at ${Math.round(r.left)},${Math.round(r.top)}`;
  for (let n = e; n; n = n.parentElement) {
    const s = getComputedStyle(n);
    if (s.visibility === 'hidden' || Number(s.opacity) === 0) return `hidden by ${n.className}`;
  }
  const x = Math.min(Math.max(r.left + r.width / 2, 0), innerWidth - 1);
  const y = Math.min(Math.max(r.top + r.height / 2, 0), innerHeight - 1);
  // The element itself, a part of it, or (when it lets the pointer through) its container.
  const top = document.elementFromPoint(x, y);
  if (!top || !(e.contains(top) || top.contains(e)))
    return `under ${top ? top.tagName + '.' + top.className : 'nothing'}`;
  return '';
  }
}"""
FOCUSED = """() => { const e = document.activeElement;
  return e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + ' "' +
    (e.getAttribute('aria-label') || e.textContent || '').trim().replace(/\\s+/g, ' ').slice(0, 40) +
    '"'; }"""


@pytest.fixture(params=list(SIZES))
def size(request):
    return request.param


def open_page(browser, url: str, size: str):
    width, height, scale = SIZES[size]
    context = browser.new_context(viewport={"width": width, "height": height},
                                  device_scale_factor=scale, locale="fi-FI")
    page = context.new_page()
    page.goto(url, wait_until="networkidle")
    return context, page


def unseen(page) -> str:
    return page.evaluate(UNSEEN)


def focused(page) -> str:
    return page.evaluate(FOCUSED)


def checked(page, toggle: str) -> bool:
    return page.evaluate(f"document.getElementById('{toggle}').checked")


def tab_to(page, condition: str, limit: int = 60) -> None:
    """Press Tab until `condition` (JS, of document.activeElement as e) holds."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(f"(e => !!({condition}))(document.activeElement)"):
            return
    raise AssertionError(f"Tab never reached {condition}")


def tab_walk(page, limit: int = 500) -> tuple[int, list[str]]:
    """Tab through the whole page once: (stops, the stops where focus was not seen)."""
    problems = []
    step = UNSEEN.replace("return unseen(document.activeElement);", """
        const e = document.activeElement;
        if (!e || e === document.body || e.dataset.hkWalked) return null;  // round done
        e.dataset.hkWalked = '1';
        const reason = unseen(e);
        return reason && (""" + FOCUSED + """)() + ': ' + reason;""")
    for stop in range(limit):
        page.keyboard.press("Tab")
        problem = page.evaluate(step)
        if problem is None:
            return stop, problems
        if problem:  # seen once more after a moment: a transition may have started late
            page.wait_for_timeout(400)
            if unseen(page):
                problems.append(problem)
    raise AssertionError(f"more than {limit} tab stops")


# --- Tab order: never an element the reader does not see ------------------------------------

@pytest.mark.parametrize("path", [
    "",                                              # front page: admonition, lists
    "palvelut/toimeentulotuki/",                     # service: headings, abbreviations, links
    "asukkaille/kiireellinen-apu/",                  # a page in the navigation (drawer levels)
    "ammattilaisille/prosessit/toimeentulotukihakemus/",  # diagram region, table
    "ammattilaisille/muistilista/",                  # task-list checkboxes
    "en/",                                           # English
])
def test_tab_order_reaches_only_what_the_reader_sees(browser, served_site, size, path):
    context, page = open_page(browser, f"{served_site}/{path}", size)
    stops, problems = tab_walk(page)
    context.close()
    assert stops > 5
    assert problems == []


# --- The menu (navigation drawer) -----------------------------------------------------------

@pytest.mark.parametrize("size", NARROW)
def test_menu_opens_on_its_button_closes_on_escape_and_gives_focus_back(browser, served_site, size):
    context, page = open_page(browser, f"{served_site}/asukkaille/kiireellinen-apu/", size)
    tab_to(page, "e.classList.contains('hk-menu-button')")
    menu = page.locator(".hk-menu-button")
    assert menu.evaluate("e => [e.tagName, e.getAttribute('aria-label'), e.getAttribute('aria-expanded')]") \
        == ["BUTTON", "Valikko", "false"]
    assert menu.get_attribute("aria-controls") == page.locator(".md-sidebar--primary").get_attribute("id")
    assert not checked(page, "__drawer")  # focus alone opens nothing
    assert unseen(page) == ""

    page.keyboard.press("Enter")
    assert checked(page, "__drawer") and menu.get_attribute("aria-expanded") == "true"
    assert page.evaluate("!!document.activeElement.closest('.md-sidebar--primary')")
    assert unseen(page) == ""
    page.keyboard.press("Escape")
    assert not checked(page, "__drawer") and menu.get_attribute("aria-expanded") == "false"
    assert page.evaluate("document.activeElement.classList.contains('hk-menu-button')")
    assert unseen(page) == ""

    page.keyboard.press(" ")  # a button opens with Space too
    assert checked(page, "__drawer")
    context.close()


@pytest.mark.parametrize("size", NARROW)
def test_menu_levels_work_by_keyboard_and_the_menu_closes_when_focus_leaves(browser, served_site,
                                                                          size):
    context, page = open_page(browser, f"{served_site}/asukkaille/kiireellinen-apu/", size)
    tab_to(page, "e.classList.contains('hk-menu-button')")
    page.keyboard.press("Enter")
    # The open level ("Asukkaille", this page's section) comes first, with its way back up.
    assert focused(page) == 'button "Asukkaille, takaisin edelliselle tasolle"'
    page.keyboard.press("Enter")
    assert focused(page) == 'a "Asukkaille"'  # the section's own link, one level up
    assert unseen(page) == ""
    inside = []
    while page.evaluate("!!document.activeElement.closest('.md-sidebar--primary')"):
        assert (reason := unseen(page)) == "", f"{focused(page)}: {reason}"
        inside.append(focused(page))
        page.keyboard.press("Tab")
    assert 'a "Tietoa käsikirjasta"' in inside
    assert not checked(page, "__drawer")  # focus left: closed
    assert unseen(page) == ""
    context.close()


def test_menu_button_is_not_shown_where_the_navigation_is(browser, served_site):
    context, page = open_page(browser, f"{served_site}/asukkaille/kiireellinen-apu/", "1280px")
    assert not page.locator(".hk-menu-button").is_visible()
    assert page.locator(".md-sidebar--primary a[href='../palvelut/'], "
                        ".md-sidebar--primary a[href='../../palvelut/']").first.is_visible()
    context.close()


# --- The search -----------------------------------------------------------------------------

def trigger_of_search(size: str) -> str:
    """What opens the search and gets focus back: the box in the header, or on narrow screens
    the search button (the box is inside the closed panel)."""
    return "#hk-search-input" if size == "1280px" else ".hk-search-button"


def focus_search(page, size: str) -> None:
    """Tab to what opens the search, check that focus alone did not open it, and open it."""
    trigger = trigger_of_search(size)
    tab_to(page, f"e.matches('{trigger}')")
    assert unseen(page) == ""
    assert not checked(page, "__search")  # focus alone opens nothing
    assert page.locator("#hk-search").get_attribute("role") is None  # not a dialog
    if size == "1280px":
        page.keyboard.type("asumisneuvonta")  # typing opens it
    else:
        button = page.locator(trigger)
        assert button.evaluate("e => [e.tagName, e.getAttribute('aria-label'), "
                               "e.getAttribute('aria-expanded')]") == ["BUTTON", "Hae", "false"]
        page.keyboard.press("Enter")
        assert button.get_attribute("aria-expanded") == "true"
        assert page.evaluate("document.activeElement.id") == "hk-search-input"
        page.keyboard.type("asumisneuvonta")
    assert checked(page, "__search")
    page.wait_for_function("() => /osuma/.test(document.getElementById('hk-search-status').textContent)")


def test_search_opens_on_an_explicit_action_and_escape_from_a_result_returns_focus(
        browser, served_site, size):
    context, page = open_page(browser, f"{served_site}/palvelut/", size)
    focus_search(page, size)
    page.keyboard.press("ArrowDown")
    assert page.evaluate("!!document.activeElement.closest('.md-search-result__item')")
    assert unseen(page) == ""
    outline = page.evaluate("(s => [s.outlineStyle, parseFloat(s.outlineWidth)])"
                            "(getComputedStyle(document.activeElement))")
    assert outline[0] != "none" and outline[1] >= 1, outline  # the focused result is outlined
    page.keyboard.press("Escape")
    assert not checked(page, "__search")
    assert page.evaluate(f"document.activeElement.matches('{trigger_of_search(size)}')")
    assert unseen(page) == ""
    context.close()


def test_search_closes_when_focus_leaves_it(browser, served_site, size):
    context, page = open_page(browser, f"{served_site}/palvelut/", size)
    focus_search(page, size)
    while page.evaluate("!!document.activeElement.closest('#hk-search')"):
        assert (reason := unseen(page)) == "", f"{focused(page)}: {reason}"
        page.keyboard.press("Tab")
    assert not checked(page, "__search")
    assert unseen(page) == ""  # focus went on to something visible
    context.close()


@pytest.mark.parametrize("size", NARROW)
def test_the_open_search_has_a_close_button(browser, served_site, size):
    context, page = open_page(browser, f"{served_site}/palvelut/", size)
    focus_search(page, size)
    tab_to(page, "e.hasAttribute('data-hk-search-close')", limit=5)
    assert focused(page) == 'button "Sulje haku"' and unseen(page) == ""
    page.keyboard.press("Enter")
    assert not checked(page, "__search")
    assert page.evaluate("document.activeElement.classList.contains('hk-search-button')")
    context.close()


# --- No single-key shortcuts (WCAG 2.1.4) ---------------------------------------------------

@pytest.mark.parametrize("size", ["1280px", "360px"])
def test_no_single_key_does_anything(browser, served_site, size):
    """Material's "/", "s", "f" (search), "p", ",", "n", "." (previous and next page) and the
    handbook's own are gone: a key typed outside a field is not taken, on a page that has a
    previous and a next page."""
    context, page = open_page(browser, f"{served_site}/asukkaille/", size)
    url = page.url
    page.evaluate("""() => { window.__taken = [];
        window.addEventListener('keydown', e => { if (e.defaultPrevented) __taken.push(e.key); });
        document.activeElement.blur(); }""")
    for key in "abcdefghijklmnopqrstuvwxyz0123456789/,.-;'[]=\\`":
        page.keyboard.press(key)
    page.wait_for_timeout(300)
    assert page.url == url
    assert page.evaluate("window.__taken") == []
    assert not checked(page, "__search") and not checked(page, "__drawer")
    assert page.evaluate("document.activeElement === document.body")
    context.close()


# --- Focus never hidden (WCAG 2.4.11) and the search field's focus (2.4.7) ------------------

# After a key, where the focused element is: null when focus left the page (a round is done),
# else its name and "" or why it is not fully seen: partly above the window or under the
# sticky header, or under another element (Material's back-to-top button, which appears below
# the header when the page scrolls up, as on Shift+Tab). Elements in the header are its own.
# An element taller than the window below the header must fill at least half of it, its top
# edge seen. Waits two frames (the back-to-top button follows the scroll) and for transitions
# that move or reveal things.
FULLY_SEEN = """async () => {
  await new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
  const moving = /^(opacity|visibility|transform|translate|width|height|max-height|left|top)$/;
  await Promise.all(document.getAnimations().filter(a => moving.test(a.transitionProperty || 'all'))
    .map(a => a.finished.catch(() => null)));
  const e = document.activeElement;
  if (!e || e === document.body) return null;
  const name = (""" + FOCUSED + """)();
  if (e.closest('.md-header')) return {name, problem: ''};
  const header = document.querySelector('.md-header').getBoundingClientRect();
  const top = e.matches('.md-skip') ? 0 : Math.max(header.bottom, 0), room = innerHeight - top;
  const r = e.getBoundingClientRect();
  const seen = Math.min(r.bottom, innerHeight) - Math.max(r.top, top);
  const tall = r.height > room && r.top >= top - 1 && seen >= room / 2;
  if (!tall && seen < Math.min(r.height, room) - 1)
    return {name, problem: `not fully seen: ${Math.round(r.top)}–${Math.round(r.bottom)} px, ` +
                           `header to ${Math.round(header.bottom)}, window to ${innerHeight}`};
  for (const box of e.getClientRects()) {  // each line of a link that wraps
    const from = Math.max(box.top, top), to = Math.min(box.bottom, innerHeight);
    if (to - from < 2 || box.width < 2) continue;
    for (const x of [box.left + 1, (box.left + box.right) / 2, box.right - 1]) {
      const at = document.elementFromPoint(Math.min(Math.max(x, 0), innerWidth - 1), (from + to) / 2);
      if (at && !(e.contains(at) || at.contains(e)))
        return {name, problem: `under ${at.tagName.toLowerCase()}.${at.getAttribute('class')}`};
    }
  }
  return {name, problem: ''};
}"""


def focus_walk(page, key: str, limit: int = 400) -> tuple[int, list[str]]:
    """Press `key` (Tab or Shift+Tab) until focus leaves the page or comes back to the header
    or the skip link: (stops, the stops where the focused element was not fully seen)."""
    problems = []
    for stop in range(limit):
        page.keyboard.press(key)
        found = page.evaluate(FULLY_SEEN)
        if found is None:
            return stop, problems
        if found["problem"]:
            problems.append(f"{key} {found['name']}: {found['problem']}")
        if key == "Shift+Tab" and stop and page.evaluate(
                "document.activeElement.matches('.md-skip, .md-header *')"):
            return stop, problems
    raise AssertionError(f"more than {limit} stops")


@pytest.mark.parametrize("width", [360, 1280])
@pytest.mark.parametrize("path", [
    "palvelut/toimeentulotuki/",                          # service
    "asukkaille/kunnat/rovaniemi/",                       # municipality
    "ammattilaisille/prosessit/toimeentulotukihakemus/",  # process: diagram, tables
])
def test_focus_is_never_hidden_under_the_header(browser, served_site, path, width):
    """Tab through the page to its end, then Shift+Tab back to the top: every focused element
    is fully seen below the sticky header and under nothing (the back-to-top button covered a
    permalink at 360 px; 3–7 stops a page went under the header on Shift+Tab)."""
    context = browser.new_context(viewport={"width": width, "height": 800}, locale="fi-FI")
    page = context.new_page()
    page.goto(f"{served_site}/{path}", wait_until="networkidle")
    forward, hidden = focus_walk(page, "Tab")
    back, hidden_back = focus_walk(page, "Shift+Tab")
    context.close()
    assert forward > 30 and back > 30
    assert hidden + hidden_back == []


def test_the_search_field_shows_keyboard_focus(browser, served_site):
    """WCAG 2.4.7 at 1280 px: Tab to the header's search field draws an outline around it in
    a colour at 3:1 or more against the header (Material showed only the caret)."""
    from test_accessibility import contrast
    context, page = open_page(browser, f"{served_site}/palvelut/", "1280px")
    form = page.locator(".md-search__form")
    box = form.bounding_box()
    ring = {"x": box["x"] - 5, "y": box["y"] - 5, "width": box["width"] + 10, "height": box["height"] + 10}
    before = page.screenshot(clip=ring)
    tab_to(page, "e.id === 'hk-search-input'")
    assert not checked(page, "__search")
    style = form.evaluate("""f => { const s = getComputedStyle(f);
        const rgb = v => v.match(/\\d+/g).slice(0, 3).map(Number);
        return {style: s.outlineStyle, width: parseFloat(s.outlineWidth), colour: rgb(s.outlineColor),
                header: rgb(getComputedStyle(document.querySelector('.md-header')).backgroundColor)}; }""")
    after = page.screenshot(clip=ring)
    context.close()
    assert style["style"] == "solid" and style["width"] >= 2, style
    assert contrast(tuple(style["colour"]), tuple(style["header"])) >= 3, style
    from test_accessibility import pixels_like
    drawn = pixels_like(after, style["colour"], 30) - pixels_like(before, style["colour"], 30)
    assert drawn >= 2 * (box["width"] + box["height"]), drawn  # a ring around the field
