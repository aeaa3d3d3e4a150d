"""Every word a reader sees that code writes.

* :mod:`~warclaims.text.words`: one value in words (numbers, intervals, figures, dates, counts);
* :mod:`~warclaims.text.summaries`: comparisons and sequences of figures in words;
* :mod:`~warclaims.text.ceasefires`: durations and the evidence behind them in words;
* :mod:`~warclaims.text.tables`: HTML tables, escaping, and the column headers of each casualty table;
* :mod:`~warclaims.text.casualty`: the casualty report's narrative sentences.
"""
