"""Transitional: the names of the old ``warclaims.claims`` module, while the charts and notebooks move
to :mod:`warclaims.analysis`, :mod:`warclaims.text` and :mod:`warclaims.params`. Removed in this change."""
from warclaims.analysis import *  # noqa: F401,F403
from warclaims.analysis.derived import every_figure as _every_figure  # noqa: F401
from warclaims.analysis.vocabulary import GENERIC_CLAIMANTS, SPECIAL_SIDES, generic_claimants as _generic_claimants, tables_of as _tables  # noqa: F401
from warclaims.analysis.figures import COLUMNS  # noqa: F401
from warclaims.text.words import OUTLET_NOT_NAMED  # noqa: F401
from warclaims.params import casualty as select  # noqa: F401
from warclaims.text.summaries import own_losses, comparison as _words  # noqa: F401
from warclaims.analysis import compare as _compare, compare_all as _compare_all


def compare(*args, **kwargs):
    return _words(_compare(*args, **kwargs))


def compare_all(*args, **kwargs):
    return _words(_compare_all(*args, **kwargs))
