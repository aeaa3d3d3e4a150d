"""The report site ``warclaims build`` writes around the report pages.

Besides the reports and index.html (:mod:`warclaims.build`), a site holds a sources page, one page per
archived article with every coded quote highlighted and anchored, a codebook page, the dataset as a zip
and, per report, the rows it shows as CSV. Every page carries the same header and footer (title,
licence, dates, how to cite). One module a concern:

* :mod:`~warclaims.site.facts`: what the footer states (:class:`SiteFacts`): title, version, data as of,
  the reproducible build date, licences, citation;
* :mod:`~warclaims.site.chrome`: the templates, the header and footer, the report pages' chrome;
* :mod:`~warclaims.site.marks`: highlighting overlapping quotes in a text;
* :mod:`~warclaims.site.articles`, :mod:`~warclaims.site.sources`, :mod:`~warclaims.site.codebook`: pages;
* :mod:`~warclaims.site.downloads`: a report's CSV (:func:`~warclaims.site.downloads.offer`) and the zip;
* :mod:`~warclaims.site.publish`: all of it for one build (what the build calls).

Kernels import this package for :func:`begin_page` and ``downloads.offer``: the imports here stay light.
"""
from __future__ import annotations

from warclaims.site import downloads  # noqa: F401  (notebooks call site.downloads.offer)

#: The notebook parameter through which the build names a report's page (only for notebooks declaring it).
PAGE_PARAMETER = "site_page"


def begin_page(site_page: str) -> bool:
    """In a report notebook, after its parameters: when the build named this page (``site_page``), link
    figures to their article pages and offer downloads. Returns whether it did (False outside a build)."""
    from warclaims.text import links

    on = downloads.begin(site_page)
    links.enable(on)
    return on
