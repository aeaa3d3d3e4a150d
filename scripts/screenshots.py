"""Screenshots of a built site, as a reader sees it: each page at 1400 and 390 px wide, and printed to PDF.

    python scripts/screenshots.py SITE_DIR OUT_DIR [PAGE.html ...]

Uses the system Chromium (as the browser tests do) with every request outside the folder refused.
Charts get a few seconds to render. Full-page PNGs go to OUT_DIR/<page>-<width>.png, PDFs (A4) to
OUT_DIR/<page>.pdf, and the print styles at A4 width to OUT_DIR/<page>-print.png.

    python scripts/screenshots.py --readme SITE_DIR docs/img

writes the README's pictures from a build of the bundled dataset (``make report``, then this).
"""
from __future__ import annotations

import argparse
import os
from pathlib import Path

CHROMIUM = os.environ.get("WARCLAIMS_CHROMIUM", "/usr/bin/chromium")
A4_WIDTH = 794  # CSS pixels across an A4 page at 96 dpi
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--host-resolver-rules=MAP * ~NOTFOUND"]


def _refuse_network(route):
    if route.request.url.startswith(("file:", "data:", "blob:", "about:")):
        route.continue_()
    else:
        route.abort()


def shoot(site: Path, out: Path, pages: list[str], widths=(1400, 390), pdf: bool = True, full_page: bool = True,
          height: int = 900) -> list[Path]:
    from playwright.sync_api import sync_playwright

    out.mkdir(parents=True, exist_ok=True)
    written = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        for name in pages:
            for width in widths:
                context = browser.new_context(viewport={"width": width, "height": height})
                context.route("**/*", _refuse_network)
                page = context.new_page()
                page.goto((site / name).resolve().as_uri(), wait_until="load")
                page.wait_for_timeout(2500)  # charts render after load
                target = out / f"{Path(name).with_suffix('').as_posix().replace('/', '_')}-{width}.png"
                page.screenshot(path=str(target), full_page=full_page)
                written.append(target)
                if pdf and width == widths[0]:
                    page.emulate_media(media="print")
                    target = target.with_name(target.name.replace(f"-{width}.png", ".pdf"))
                    page.pdf(path=str(target), format="A4", print_background=True)
                    written.append(target)
                    # What printing keeps, as a picture: print styles at A4's width (no PDF viewer needed).
                    page.set_viewport_size({"width": A4_WIDTH, "height": height})
                    page.wait_for_timeout(1000)
                    target = target.with_name(target.name.replace(".pdf", "-print.png"))
                    page.screenshot(path=str(target), full_page=full_page)
                    written.append(target)
                context.close()
        browser.close()
    return written


#: The README's pictures: (page, fragment to scroll to or "", file in docs/img).
README_PICTURES = [
    ("index.html", "", "site-index.png"),
    ("casualty_claims_as_of_2020-10-10.html", "", "report-as-of.png"),
    ("articles/s000.html", "claim-c005", "article-highlights.png"),
]


def readme_pictures(site: Path, out: Path) -> list[Path]:
    """The README's pictures: the first screen of each page at 1280 x 800 (an anchor scrolls to its quote)."""
    from playwright.sync_api import sync_playwright

    written = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        for name, fragment, image in README_PICTURES:
            context = browser.new_context(viewport={"width": 1280, "height": 800})
            context.route("**/*", _refuse_network)
            page = context.new_page()
            page.goto((site / name).resolve().as_uri() + (f"#{fragment}" if fragment else ""), wait_until="load")
            page.wait_for_timeout(2500)
            if fragment:  # leave some of the text above the quote in view
                page.evaluate(f"document.getElementById('{fragment}').scrollIntoView({{block: 'center'}})")
            page.screenshot(path=str(out / image))
            written.append(out / image)
            context.close()
        browser.close()
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", type=Path)
    parser.add_argument("out", type=Path)
    parser.add_argument("pages", nargs="*")
    parser.add_argument("--readme", action="store_true", help="write the README's pictures into OUT")
    args = parser.parse_args()
    if args.readme:
        for path in readme_pictures(args.site, args.out):
            print(path)
        return
    pages = args.pages or sorted(p.relative_to(args.site).as_posix() for p in args.site.rglob("*.html"))
    for path in shoot(args.site, args.out, pages):
        print(path)


if __name__ == "__main__":
    main()
