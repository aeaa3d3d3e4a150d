"""Charts: matplotlib figures for print and PDF, Altair charts for the interactive report.

* :mod:`warclaims.charts.common`: house style shared by every chart (titles, the source line, colours
  by claimant, markers by population, deterministic Altair data);
* :mod:`warclaims.charts.claims`: casualty claims over time and as of a date.

Import the module you need (``from warclaims.charts import claims as claim_charts``); this package
imports nothing itself, so a chart module loads only what it uses.
"""
