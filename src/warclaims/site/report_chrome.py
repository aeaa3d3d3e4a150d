"""nbconvert preprocessor of the ``offline`` template: the site's header and footer on report pages.

The build puts the chrome (:func:`warclaims.site.chrome.report_chrome`) into the environment its
workers inherit; outside a build (plain ``jupyter nbconvert --template offline``) there is none and the
page is the plain report. Imported by nbconvert only (conf.json), never by kernels.
"""
from __future__ import annotations

import json
import os

from nbconvert.preprocessors import Preprocessor

from warclaims.site.chrome import CHROME_ENV

#: nbconvert resources key the template reads.
RESOURCE = "warclaims_site"


class SiteChrome(Preprocessor):
    def preprocess(self, nb, resources):
        text = os.environ.get(CHROME_ENV)
        if text:
            resources[RESOURCE] = json.loads(text)
        return nb, resources
