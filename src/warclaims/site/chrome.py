"""The site's templates and the header and footer every page carries.

Pages are Jinja templates in ``templates/site/`` rendered with autoescape on: every value from the data
is escaped (with :func:`html.escape`, as index.html always was). Report pages are made by nbconvert,
not here: the build hands them the same header, footer and style through :data:`CHROME_ENV` (see
:mod:`warclaims.site.report_chrome`, the nbconvert preprocessor that reads it).
"""
from __future__ import annotations

import functools
import html
from pathlib import Path

import jinja2
from markupsafe import Markup

from warclaims.site.facts import ARTICLE_TEXTS, SiteFacts

SITE_TEMPLATES = Path(__file__).parent.parent / "templates" / "site"
#: Environment variable through which the build gives report pages their chrome (JSON).
CHROME_ENV = "WARCLAIMS_SITE_CHROME"


def _escaped(value):
    """Escape with :func:`html.escape` (``&quot;``, not markupsafe's ``&#34;``), as Jinja's ``finalize``:
    it runs on every ``{{ value }}`` before autoescaping, which then leaves the ``Markup`` alone."""
    return value if isinstance(value, Markup) else Markup(html.escape(str(value)))


@functools.cache
def environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(SITE_TEMPLATES), autoescape=True, finalize=_escaped,
        keep_trailing_newline=True, undefined=jinja2.StrictUndefined,
    )


def render(template: str, facts: SiteFacts, prefix: str = "", **context) -> str:
    """A site page: ``template`` with the header and footer for a page ``prefix`` deep (``""`` or ``"../"``)."""
    return environment().get_template(template).render(site=facts, prefix=prefix, article_texts=ARTICLE_TEXTS,
                                                       **context)


def report_chrome(facts: SiteFacts) -> dict[str, str]:
    """The style, header and footer of a report page (at the site's top), as HTML strings."""
    chrome = environment().get_template("chrome.html.j2").make_module(
        {"site": facts, "prefix": "", "article_texts": ARTICLE_TEXTS})
    return {"css": str(chrome.css()), "header": str(chrome.header()), "footer": str(chrome.footer(True))}
