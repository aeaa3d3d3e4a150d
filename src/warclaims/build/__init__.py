"""``warclaims build``: execute the scheduled notebooks and write offline, reproducible HTML reports.

The schedule (``reports/schedule.yml``) is a YAML list; each entry is a mapping::

    - name: casualty_claims_as_of_2020-10-10   # output file: <out>/<name>.html
      title: Casualty claims on 10 October       # shown in the page's <title> and in index.html
      notebook: notebooks/casualty_claims.ipynb  # relative to the project root
      parameters: {as_of: "2020-10-10"}          # optional; names must exist in the notebook's
                                                 # cell tagged "parameters"
      remove_cell_tags: [solution]               # optional; cells with these tags are left out
      ipynb: true                                # optional; also write <out>/<name>.ipynb (cleaned)
      show_input: true                           # optional; show code cells (default: hidden)

The whole file is validated before anything runs; every problem is reported as ``FILE:LINE: message``
and the build exits with code 2. Each entry is then executed with the papermill API (kernel
``python3``, working directory the project root) in a pool of worker processes, and exported in the
same process with nbconvert's ``HTMLExporter`` and the package's ``offline`` template (inputs hidden,
the Vega bundle inlined once per page). Pages are written atomically: a failed entry keeps its previous
HTML, is marked failed in ``index.html``, its executed notebook is kept as ``<name>.failed.ipynb`` in the
build's cache folder, the others still build, and the exit code is 1.

A report whose inputs (notebook, schedule entry, dataset, package code, chart bundle, package versions)
and pages are unchanged since its last successful build is not run again (``--force`` runs it); the cache
folder (``.cache/warclaims/<out>-<hash>/`` by default) holds that state and every scratch file, so the
output folder holds only what is published. Pages hold no timestamps, absolute paths or random ids, so
two builds of the same inputs are byte-identical; timings go to ``build.log`` in the cache folder.

A report's state is recorded as soon as its page is written, so a build stopped by Ctrl-C or a crash
keeps what it finished; what a report that left the schedule wrote (page, notebook, CSVs) is removed while
it holds the build's bytes; a file whose bytes do not change is not written again.

The package, one file per step:

* :mod:`~warclaims.build.schedule`: :class:`Entry`, :func:`load_schedule` and every entry check;
* :mod:`~warclaims.build.worker`: what a pool process does for one entry (execute, clean, export, write);
* :mod:`~warclaims.build.pool`: the pool of workers and the progress display;
* :mod:`~warclaims.build.cache`: which reports are up to date, the cache folder, one build at a time;
* :mod:`~warclaims.build.state`: what the build remembers of each report (``state.json``), and which files
  in the output folder are its own;
* :mod:`~warclaims.build.stage`: the dataset loaded and validated once, in a child process, for the site's
  pages and the snapshot the kernels load (:mod:`warclaims.handover`);
* :mod:`~warclaims.build.site_zip`: the dataset zip, made in a thread meanwhile;
* :mod:`~warclaims.build.runner`: :func:`build`, which runs those steps in order, and the command-line options;
* :mod:`~warclaims.build.index`: index.html, from ``templates/site/index.html.j2``;
* the pages around the reports (sources, article pages, codebook, downloads, every page's header and
  footer) come from :mod:`warclaims.site`, which the stage and the runner call.
"""
from warclaims.build.runner import add_build_arguments, build, run_build
from warclaims.build.schedule import Entry, ScheduleError, load_schedule

__all__ = ["Entry", "ScheduleError", "add_build_arguments", "build", "load_schedule", "run_build"]
