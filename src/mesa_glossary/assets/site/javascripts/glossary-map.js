/*
 * Mesa Glossary: the concept map made explorable.
 *
 * The map is a static SVG laid out by Graphviz at build time (render/conceptmap.py); it
 * reads and prints without this script, in a scrolling box. This script (loaded by
 * glossary.js only on pages with a whole map, after the vendored Panzoom library) turns
 * the box into a viewport:
 *
 *   - it opens fitted to the box, and zooms and pans with the mouse (wheel, drag), with
 *     touch (pinch, drag) and with the keyboard (+, -, 0 to fit, arrow keys to pan);
 *   - "Find a term" centres the map on a term, by any of its names;
 *   - pointing at or focusing a term lights it, its neighbours and the lines between them;
 *   - the legend's families colour the terms and, unticked, fade out the terms of a family.
 *
 * No requests: the names come from the cards the page carries (embed.js reads them).
 */
(function () {
  "use strict";

  var Panzoom = window.Panzoom;
  if (!Panzoom) return;

  var ZOOM_STEP = 1.25;          // one click of a button or one key press
  var PAN_STEP_PX = 80;          // one arrow key press
  var MAX_SCALE = 3;
  var FIND_SCALE = 1.2;          // how close "Find a term" brings the term
  var DRAG_CLICK_PX = 5;         // a drag longer than this is not a click on the term under it

  function slugOf(node) {
    return node.id.replace(/^map-/, "");
  }

  // The slugs of a node's neighbours, read off the classes of the lines that touch it.
  function neighbours(svg, slug) {
    var found = {};
    svg.querySelectorAll(".edge.mg-e-" + CSS.escape(slug)).forEach(function (edge) {
      edge.classList.forEach(function (name) {
        if (name.indexOf("mg-e-") === 0 && name !== "mg-e-" + slug) found[name.slice(5)] = true;
      });
    });
    return Object.keys(found);
  }

  function setUp(figure) {
    var box = figure.querySelector(".mg-map-scroll");
    var svg = box && box.querySelector("svg");
    var tools = figure.querySelector(".mg-map-tools");
    if (!svg || !tools) return;
    var width = svg.width.baseVal.value;
    var height = svg.height.baseVal.value;
    svg.style.width = width + "px";
    svg.style.height = height + "px";
    box.classList.add("mg-map-live");
    box.setAttribute("aria-label", "Concept map: drag or use the arrow keys to move, + and - to zoom, 0 to fit");

    var panzoom = Panzoom(svg, { origin: "0 0", maxScale: MAX_SCALE, minScale: 0.02, canvas: true,
                                 cursor: "grab", step: 0.25 });

    function fitScale() {
      return Math.min(box.clientWidth / width, box.clientHeight / height, 1);
    }

    // Centre the map point (x, y), in the SVG's own pixels, at the given scale.
    function centre(x, y, scale, animate) {
      panzoom.zoom(scale, { animate: false, force: true });
      panzoom.pan(box.clientWidth / (2 * scale) - x, box.clientHeight / (2 * scale) - y,
                  { animate: Boolean(animate), force: true });
    }

    function fit() {
      centre(width / 2, height / 2, fitScale());
    }

    function zoomBy(factor) {
      var rect = box.getBoundingClientRect();
      var scale = Math.max(Math.min(panzoom.getScale() * factor, MAX_SCALE), fitScale() / 2);
      panzoom.zoomToPoint(scale, { clientX: rect.left + rect.width / 2, clientY: rect.top + rect.height / 2 });
    }

    function panBy(dx, dy) {
      var pan = panzoom.getPan();
      var scale = panzoom.getScale();
      panzoom.pan(pan.x + dx / scale, pan.y + dy / scale, { force: true });
    }

    box.addEventListener("wheel", function (event) {
      event.preventDefault();
      panzoom.zoomWithWheel(event);
    }, { passive: false });

    box.addEventListener("keydown", function (event) {
      var keys = { "+": function () { zoomBy(ZOOM_STEP); }, "=": function () { zoomBy(ZOOM_STEP); },
                   "-": function () { zoomBy(1 / ZOOM_STEP); }, "0": fit,
                   ArrowLeft: function () { panBy(PAN_STEP_PX, 0); }, ArrowRight: function () { panBy(-PAN_STEP_PX, 0); },
                   ArrowUp: function () { panBy(0, PAN_STEP_PX); }, ArrowDown: function () { panBy(0, -PAN_STEP_PX); } };
      if (event.altKey || event.ctrlKey || event.metaKey || !keys[event.key]) return;
      event.preventDefault();
      keys[event.key]();
    });

    // A drag that ends over a term moves the map; it does not open the term.
    var downAt = null;
    box.addEventListener("pointerdown", function (event) { downAt = { x: event.clientX, y: event.clientY }; });
    box.addEventListener("click", function (event) {
      if (downAt && Math.abs(event.clientX - downAt.x) + Math.abs(event.clientY - downAt.y) > DRAG_CLICK_PX) {
        event.preventDefault();
      }
      downAt = null;
    }, true);

    tools.querySelectorAll("[data-mg-zoom]").forEach(function (button) {
      button.addEventListener("click", function () {
        var kind = button.getAttribute("data-mg-zoom");
        if (kind === "in") zoomBy(ZOOM_STEP); else if (kind === "out") zoomBy(1 / ZOOM_STEP); else fit();
      });
    });

    /* ---- Neighbours ---- */

    var lit = [];
    function light(slug) {
      unlight();
      var node = svg.getElementById("map-" + slug);
      if (!node) return;
      lit = [node].concat(Array.prototype.slice.call(svg.querySelectorAll(".edge.mg-e-" + CSS.escape(slug))));
      neighbours(svg, slug).forEach(function (other) {
        var next = svg.getElementById("map-" + other);
        if (next) lit.push(next);
      });
      lit.forEach(function (element) { element.classList.add("mg-lit"); });
      svg.classList.add("mg-lighting");
    }

    function unlight() {
      lit.forEach(function (element) { element.classList.remove("mg-lit"); });
      lit = [];
      svg.classList.remove("mg-lighting");
    }

    function nodeAt(target) {
      return target && target.closest ? target.closest("g.node") : null;
    }

    svg.addEventListener("pointerover", function (event) {
      var node = nodeAt(event.target);
      if (node) light(slugOf(node));
    });
    svg.addEventListener("pointerout", function (event) {
      if (nodeAt(event.target) && !nodeAt(event.relatedTarget)) unlight();
    });
    svg.addEventListener("focusin", function (event) {
      var node = nodeAt(event.target);
      if (node) light(slugOf(node));
    });
    svg.addEventListener("focusout", unlight);

    /* ---- Find a term ---- */

    var input = tools.querySelector("input[type=search]");
    var status = tools.querySelector(".mg-map-status");
    // Each term's names are those of its card: the page carries the card of every term it
    // links, and so of every box of its maps.
    var names = {};
    var shown = [];
    var embed = window.mesaGlossaryEmbed;
    var list = document.getElementById(input.getAttribute("list"));
    svg.querySelectorAll("g.node").forEach(function (node) {
      var link = node.querySelector("a");
      var term = embed && link && embed.termOf(link);
      if (!term) return;
      term.names.forEach(function (name) { names[name.toLocaleLowerCase()] = slugOf(node); });
      shown.push(term.name);
    });
    shown.sort(function (a, b) { return a.localeCompare(b); }).forEach(function (name) {
      var option = document.createElement("option");
      option.value = name;
      list.appendChild(option);
    });

    function find() {
      var slug = names[input.value.trim().toLocaleLowerCase()];
      var node = slug && svg.getElementById("map-" + slug);
      if (!node) {
        status.textContent = input.value.trim() ? "No term of this map is called that." : "";
        return;
      }
      // Where the term stands in the SVG's own pixels, from the drawing itself: what the
      // screen shows may be halfway through an animation.
      var bounds = node.getBBox();
      var point = svg.createSVGPoint();
      point.x = bounds.x + bounds.width / 2;
      point.y = bounds.y + bounds.height / 2;
      var at = point.matrixTransform(node.getCTM());
      centre(at.x, at.y, Math.max(panzoom.getScale(), FIND_SCALE), true);
      status.textContent = "";
      var link = node.querySelector("a");
      if (link) link.focus({ preventScroll: true });
      light(slug);
    }

    input.addEventListener("change", find);
    input.addEventListener("keydown", function (event) {
      if (event.key === "Enter") { event.preventDefault(); find(); }
    });

    /* ---- Families ---- */

    var toggles = tools.querySelectorAll("input[data-mg-tag]");
    function filter() {
      var shown = {};
      toggles.forEach(function (toggle) { shown[toggle.getAttribute("data-mg-tag")] = toggle.checked; });
      svg.querySelectorAll("g.node").forEach(function (node) {
        var visible = false;
        node.classList.forEach(function (name) {
          if (name.indexOf("mg-tag-") === 0 && shown[name.slice(7)] !== false) visible = true;
        });
        node.classList.toggle("mg-filtered", !visible);
      });
    }
    toggles.forEach(function (toggle) {
      toggle.disabled = false;
      toggle.addEventListener("change", filter);
    });

    tools.querySelector(".mg-map-controls").hidden = false;
    fit();
    window.addEventListener("resize", fit);
  }

  var figures = document.querySelectorAll(".mg-map-full");
  figures.forEach(setUp);

  // On a phone the map is hidden behind a note (its labels would be too small to read);
  // the note's button shows it, fitted, for a reader who will pinch to zoom.
  document.querySelectorAll(".mg-map-show").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () {
      figures.forEach(function (figure) { figure.classList.add("mg-map-shown"); });
      button.closest(".mg-map-small-note").hidden = true;
      window.dispatchEvent(new Event("resize"));  // each map fits itself to its now visible box
    });
  });
})();
