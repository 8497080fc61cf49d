"""axe-core in the browser tests: the one helper every page check uses.

axe ships inside axe-playwright-python (no CDN). `serious_violations(page)` runs it on the page as it
is now and returns one line per critical or serious violation, so a test can assert the list is
empty and print what is wrong when it is not."""

from axe_playwright_python.sync_playwright import Axe

_AXE = Axe()
SERIOUS = ("critical", "serious")


def serious_violations(page, context=None) -> list[str]:
    results = _AXE.run(page, context=context)
    lines = []
    for violation in results.response["violations"]:
        if violation["impact"] not in SERIOUS:
            continue
        targets = ", ".join(" ".join(map(str, node["target"])) for node in violation["nodes"][:5])
        lines.append(f"{page.url}: {violation['impact']} {violation['id']} ({violation['help']}) at {targets}")
    return lines
