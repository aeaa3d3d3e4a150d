"""Charts: matplotlib figures for print and PDF, Altair charts for the interactive report.

Every public chart function takes ``(dataset, data, ...)``: the dataset first (vocabularies, colours,
time zone, source line), then the frame the analysis returned.

* :mod:`~warclaims.charts.style`: house style (colours by camp and claimant, markers, titles, the
  source line, figure layout);
* :mod:`~warclaims.charts.binning`: time bins and the finest that fits a chart's mark budget (the
  limits themselves are :mod:`warclaims.budget`);
* casualty claims: :mod:`~warclaims.charts.casualty_timeline` (print),
  :mod:`~warclaims.charts.casualty_timeline_chart` (interactive), :mod:`~warclaims.charts.casualty_as_of`
  (both), sharing :mod:`~warclaims.charts.casualty_marks` and :mod:`~warclaims.charts.casualty_summary`;
* ceasefires: :mod:`~warclaims.charts.ceasefire_timeline` (print),
  :mod:`~warclaims.charts.ceasefire_timeline_chart` (interactive), :mod:`~warclaims.charts.ceasefire_durations`
  (both), sharing :mod:`~warclaims.charts.ceasefire_moments` and :mod:`~warclaims.charts.ceasefire_claims`;
* :mod:`~warclaims.charts.export`: reproducible PNG files.

Import the module you need; this package imports nothing itself, so a chart module loads only what it uses.
"""
