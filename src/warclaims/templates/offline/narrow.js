// A narrow layout for every chart on a phone: vegaEmbed is wrapped once, so that when the window is
// narrower than a chart, the chart is redrawn to fit instead of being cut or scrolled. Its plot
// widths shrink to the room there is, its legends move below the plot (their labels wrap, never cut)
// and its title, subtitle and source lines are wrapped to the width. The chart's data and marks are
// untouched; a wide window gets the chart exactly as written.
(function () {
  "use strict";
  var embed = window.vegaEmbed;
  if (typeof embed !== "function" || embed.warclaimsNarrow) return;
  var NARROW = 700;  // px: below this, a chart's legend beside its plot leaves the plot no room

  function room() {
    var width = document.documentElement.clientWidth || window.innerWidth || 0;
    // the page's margins and the chart's axis labels take about this much of it
    return Math.max(160, width - 150);
  }

  function wrap(text, chars) {
    var lines = [], line = "";
    String(text).split(/\s+/).forEach(function (word) {
      if (line && (line + " " + word).length > chars) { lines.push(line); line = word; }
      else { line = line ? line + " " + word : word; }
    });
    if (line) lines.push(line);
    return lines;
  }

  function wrapAll(texts, chars) {
    var out = [];
    (Array.isArray(texts) ? texts : [texts]).forEach(function (t) { out = out.concat(wrap(t, chars)); });
    return out;
  }

  function isView(node) {
    return "mark" in node || "layer" in node || "encoding" in node;
  }

  // The distinct text values of a field in the spec's data: the labels an axis or header will show.
  function valuesOf(root, field) {
    var seen = {}, out = [], sets = root.datasets || {};
    Object.keys(sets).forEach(function (name) {
      (Array.isArray(sets[name]) ? sets[name] : []).forEach(function (row) {
        var value = row && row[field];
        if (typeof value === "string" && !seen[value]) { seen[value] = true; out.push(value); }
      });
    });
    return out;
  }

  // A label expression that writes each long value over lines. Values enter it only as JSON string
  // literals, so no text from the data can change what it does.
  function lookup(values, chars) {
    var expr = "datum.label";
    values.slice().reverse().forEach(function (value) {
      if (value.length > chars) expr = "datum.label == " + JSON.stringify(value) + " ? " +
        JSON.stringify(wrap(value, chars)) + " : " + expr;
    });
    return expr;
  }

  // Returns the most lines any axis label beneath ``node`` was wrapped onto (0: none rewrapped), so that
  // a view whose rows have a fixed step grows it to hold them: rewrapped narrower, a label takes more
  // lines than the step was set for, and would run into the next row's.
  function fit(node, width, chars, shrink, root) {
    if (Array.isArray(node)) {
      return node.reduce(function (most, n) { return Math.max(most, fit(n, width, chars, shrink, root)); }, 0);
    }
    if (!node || typeof node !== "object") return 0;
    var lines = 0;
    if (typeof node.width === "number" && isView(node)) {
      if (node.width > width) node.width = width;
      if (shrink) node.width = Math.max(100, node.width - shrink);
    }
    // Long row labels ("Side: killed or wounded, military") and panel headers wrap over lines
    // (never cut), so the plot keeps most of the width.
    if (typeof node.field === "string") {
      ["axis", "header"].forEach(function (key) {
        var part = node[key];
        if (!part || typeof part !== "object" || Array.isArray(part)) return;
        // An axis of long labels (given a wide labelLimit) is rewrapped narrower, whatever wrapping it had.
        if (key === "axis" && !(typeof part.labelLimit === "number" && part.labelLimit > width * 0.45)) return;
        if (key === "header" && part.labelExpr) return;
        var limit = Math.round(width * (key === "axis" ? 0.45 : 1));
        var perLine = Math.floor(limit / (key === "axis" ? 5.6 : 7.5));
        var values = valuesOf(root, node.field);
        part.labelExpr = lookup(values, perLine);
        part.labelLimit = limit;
        if (key === "axis") values.forEach(function (v) { lines = Math.max(lines, wrap(v, perLine).length); });
      });
    }
    if (node.legend && typeof node.legend === "object") {
      node.legend.orient = "bottom";
      node.legend.direction = "vertical";
      node.legend.labelLimit = width;
    }
    // Plain-text titles (of a chart, an axis, a legend) wrap too; short ones stay as they are.
    if (typeof node.title === "string" && node.title.length > chars * 0.8) node.title = wrap(node.title, Math.floor(chars * 0.8));
    if (node.title && typeof node.title === "object" && !Array.isArray(node.title)) {
      // A title's bold 15 px letters are wider than a subtitle's 11 px ones.
      var size = node.title.fontSize || 13;
      if ("text" in node.title) node.title.text = wrapAll(node.title.text, Math.floor(chars * 0.8 * 11 / Math.max(size, 11)));
      if ("subtitle" in node.title) node.title.subtitle = wrapAll(node.title.subtitle, chars);
    }
    Object.keys(node).forEach(function (key) {
      if (key !== "datasets" && key !== "data") lines = Math.max(lines, fit(node[key], width, chars, shrink, root));
    });
    if (lines && node.height && typeof node.height.step === "number") {
      // 11 px labels on 13 px lines, and a little air between rows.
      node.height.step = Math.max(node.height.step, lines * 13 + 8);
    }
    return lines;
  }

  // Figures written beside their marks were placed for the full width: on a phone they would
  // collide, so they are left out (true when there were any).
  function stripLabels(node) {
    if (Array.isArray(node)) return node.map(stripLabels).some(Boolean);
    if (!node || typeof node !== "object") return false;
    var stripped = false;
    if (Array.isArray(node.layer)) {
      var kept = node.layer.filter(function (l) { return !(l && /^figure_labels_/.test(l.name || "")); });
      stripped = kept.length < node.layer.length;
      node.layer = kept;
    }
    Object.keys(node).forEach(function (key) {
      if (key !== "datasets" && key !== "data" && stripLabels(node[key])) stripped = true;
    });
    return stripped;
  }

  function narrowed(spec, shrink) {
    var copy = JSON.parse(JSON.stringify(spec));
    var titled = copy.vconcat && copy.vconcat[0] && copy.vconcat[0].title;
    if (stripLabels(copy) && titled && Array.isArray(titled.subtitle)) {
      // ...and the subtitle says so, in place of how many the full width left out.
      var text = titled.subtitle.join(" ").replace(/[\d,]+ of [\d,]+ figures? (is|are) not written beside [^.]*\./, "");
      titled.subtitle = [text.trim(), "On a narrow screen the figures are not written beside their marks: tap a mark for its figure."];
    }
    var width = room();
    // Characters of 11 px text per line across the chart (plot and axis labels).
    fit(copy, width, Math.max(24, Math.floor((width + 110) / 6.4)), shrink, copy);
    copy.config = copy.config || {};
    // Rows of two-line labels need more height than one line.
    copy.config.view = Object.assign({}, copy.config.view, {discreteHeight: {step: 34}});
    // Legends below the plot, one under another (side by side they would run off the screen).
    copy.config.legend = Object.assign({}, copy.config.legend, {
      orient: "bottom", direction: "vertical", labelLimit: width,
      layout: {bottom: {direction: "vertical", anchor: "start"}}});
    return copy;
  }

  // How far the drawn chart runs past the window (its axis labels are only known once drawn).
  function overflow(el) {
    var target = typeof el === "string" ? document.querySelector(el) : el;
    var svg = target && target.querySelector("svg");
    if (!svg) return 0;
    var box = svg.getBoundingClientRect();
    var width = document.documentElement.clientWidth || window.innerWidth || 0;
    return Math.ceil(box.right - (width - 12));
  }

  var wrapped = function (el, spec, options) {
    if (!spec || typeof spec !== "object" || window.innerWidth >= NARROW) return embed(el, spec, options);
    return embed(el, narrowed(spec, 0), options).then(function (result) {
      var over = overflow(el);
      if (over <= 2) return result;
      // Drawn once more, each plot narrower by what ran over.
      result.finalize();
      return embed(el, narrowed(spec, over), options);
    });
  };
  wrapped.warclaimsNarrow = true;
  window.vegaEmbed = wrapped;
})();
