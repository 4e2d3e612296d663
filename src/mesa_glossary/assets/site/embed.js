/*
 * Mesa Glossary hover cards: one implementation for the glossary's own pages and for any
 * other web page.
 *
 *   <script src="https://mesa-glossary.example.org/embed.js" defer></script>
 *
 * Every link to a term page (or to one of its alias addresses) then shows a card with the
 * term's name, aliases, summary and tags when the pointer comes to rest on it, on keyboard
 * focus and on a first tap. A pointer crossing the text on its way elsewhere opens none,
 * and links listed with their summary beside them (inside [data-mg-summarized]) get no
 * card at all: one tap follows them.
 *
 * Options, as attributes of the script tag:
 *   data-delay="300"  how long (ms) the pointer must rest on a link before its card opens
 *   data-theme="auto" the card's colours: "auto" follows the page's own background (not the
 *                     system setting), or "light" / "dark"
 *
 * Each of the glossary's own pages carries the cards of the terms it links, as JSON in an
 * element of its own (mesa_glossary/render/cards.py), so cards need no request and work
 * from disk too; the site's stylesheet styles them with the theme's colours. A page with
 * that element is one of the glossary's, even when it is empty: no data is fetched there.
 * On any other page the data comes from glossary.json next to this script, fetched once
 * and only when the page has a link that looks like a term link; no other host is
 * contacted, and the card brings its own style. Links added later (single-page apps) work
 * too: every listener sits on the document. When the data cannot be loaded there are no
 * cards, and the console says why (most often: the glossary's host sends no CORS header).
 *
 * The URL layout (where term pages live, the slug rule, the data file, the id of a page's
 * cards) is written into LAYOUT by the build, from mesa_glossary/core/urls.py: this file
 * does not repeat it. Plain ES5 with no dependencies.
 */
(function () {
  "use strict";

  var LAYOUT = /* layout */ null;
  if (!LAYOUT || window.mesaGlossaryEmbed || !window.URL || !document.addEventListener) return;

  var script = document.currentScript;
  var base;
  try { base = new URL(".", script.src); } catch (error) { return; }
  var ownCards = document.getElementById(LAYOUT.cards);  // on the glossary's own pages
  var onSite = Boolean(ownCards && ownCards.type === "application/json");
  if (!onSite && (!window.fetch || !window.Promise)) return;

  var CARD_ID = onSite ? "mg-card" : "mesa-glossary-card";
  var TITLE_KEPT = "data-mesa-glossary-title";
  var STYLE_ID = "mesa-glossary-embed-style";
  var HIDE_DELAY_MS = 250;  // time to move the pointer from the link onto the card
  // A card opens on intent: once the pointer has rested on a link (moved less than
  // REST_RADIUS_PX in the last REST_MS) and at least SHOW_DELAY_MS after it came. A pointer
  // crossing a paragraph of links at reading-to-reaching speed never rests, so it opens
  // none; Wikipedia's previews wait a flat half second, which feels slow on purpose.
  var SHOW_DELAY_MS = option("delay", 300, /^\d{1,4}$/);
  var REST_MS = 100;
  var REST_RADIUS_PX = 6;
  var THEME = option("theme", "auto", /^(auto|light|dark)$/);
  var SUMMARIZED = "[data-mg-summarized]";

  // An option from the script tag's data attributes, when it is well formed.
  function option(name, fallback, pattern) {
    var value = script && script.getAttribute("data-" + name);
    if (value === null || value === undefined) return fallback;
    if (!pattern.test(value)) {
      warn("ignoring data-" + name + "=\"" + value + "\"; using " + fallback);
      return fallback;
    }
    return typeof fallback === "number" ? Number(value) : value;
  }

  function warn(message) {
    if (window.console && console.warn) console.warn("Mesa Glossary: " + message);
  }

  function literal(text) { return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"); }
  var SLUG = "(" + LAYOUT.slug + ")";
  var ENDING = LAYOUT.termSuffix === "/" ? "/(?:index\\.html)?" : literal(LAYOUT.termSuffix);
  var TERM_PATH = new RegExp("^" + literal(LAYOUT.termPrefix) + SLUG + ENDING + "$");
  var LOOKS_LIKE_TERM = new RegExp("/" + literal(LAYOUT.termPrefix) + SLUG + ENDING + "$");

  /* ---- The data ---- */

  var bases = [base];      // where term pages live: this script's folder and the public address
  var cards = null;        // slug (or alias slug) -> card data, once loaded
  var glossaryTitle = "";
  var loading = null;

  function strings(list) {
    return Array.isArray(list) ? list.filter(function (item) { return typeof item === "string" && item; }) : [];
  }

  // "mesa optimizer" beside "Mesa-optimizer" tells a reader nothing: a card lists the
  // names that differ in more than case and punctuation (every name is kept in `names`).
  function nameKey(name) {
    return name.toLowerCase().replace(/[^a-z0-9\u00c0-\uffff]/g, "");
  }

  function distinctNames(name, aliases) {
    var seen = {};
    seen[nameKey(name)] = true;
    return aliases.filter(function (alias) {
      var key = nameKey(alias);
      if (seen[key]) return false;
      seen[key] = true;
      return true;
    });
  }

  function card(name, aliases, short, tags) {
    return { name: name, aliases: distinctNames(name, aliases), names: [name].concat(aliases), short: short,
             tags: tags };
  }

  function siteCard(term) {
    return card(term.name, strings(term.aliases), typeof term.short === "string" ? term.short : "",
                strings(term.tags));
  }

  function fromSite(element) {
    var bySlug = Object.create(null);
    var data;
    try { data = JSON.parse(element.textContent); } catch (error) { warn("no hover cards: " + error); }
    Object.keys(data && typeof data === "object" ? data : {}).forEach(function (slug) {
      if (data[slug] && typeof data[slug].name === "string") bySlug[slug] = siteCard(data[slug]);
    });
    return bySlug;
  }

  function fromExport(data) {
    if (!data || !Array.isArray(data.terms)) return null;
    var bySlug = Object.create(null);
    var aliases = [];
    data.terms.forEach(function (term) {
      if (!term || typeof term.slug !== "string" || typeof term.title !== "string") return;
      var entry = card(term.title, strings(term.aliases), typeof term.short === "string" ? term.short : "",
                       strings(term.tags));
      bySlug[term.slug] = entry;
      strings(term.alias_urls).forEach(function (address) { aliases.push([address, entry]); });
    });
    // An alias address never hides a term of the same slug.
    aliases.forEach(function (alias) {
      var match;
      try { match = LOOKS_LIKE_TERM.exec(new URL(alias[0], base).pathname); } catch (error) { return; }
      if (match && !bySlug[match[1]]) bySlug[match[1]] = alias[1];
    });
    try {
      var publicBase = new URL(".", new URL(data.url));
      if (publicBase.href !== base.href) bases.push(publicBase);
    } catch (error) { /* no public address: links to this script's folder still work */ }
    glossaryTitle = typeof data.title === "string" ? data.title : "";
    return bySlug;
  }

  function load() {
    if (!loading) {
      loading = fetch(new URL(LAYOUT.data, base).href, { mode: "cors" })
        .then(function (response) {
          if (!response.ok) throw new Error("HTTP " + response.status);
          return response.json();
        })
        .then(function (data) {
          cards = fromExport(data);
          if (!cards) warn("no hover cards: " + new URL(LAYOUT.data, base).href + " is not a glossary export");
          return cards;
        })
        .then(null, function (error) {
          warn("no hover cards: " + new URL(LAYOUT.data, base).href + " could not be loaded (" + error + "). " +
               "If the glossary is served from another host than this page, that host must send an " +
               "Access-Control-Allow-Origin header with it.");
          return null;
        });
    }
    return loading;
  }

  if (onSite) cards = fromSite(ownCards);

  /* ---- Which links are links to a term ---- */

  function urlOf(link) {
    var href = link.getAttribute("href") || link.getAttribute("xlink:href");
    if (!href || href.charAt(0) === "#") return null;
    try { return new URL(href, document.baseURI); } catch (error) { return null; }
  }

  // Before the data is in, any link to a path like a term page's may be one.
  function mayBeTermLink(link) {
    var url = link && urlOf(link);
    return Boolean(url && LOOKS_LIKE_TERM.test(url.pathname));
  }

  // The slugs a link's address may name: one per place term pages live.
  function slugsAt(link) {
    var url = urlOf(link);
    var slugs = [];
    for (var i = 0; url && i < bases.length; i += 1) {
      var root = bases[i];
      if (url.origin !== root.origin || url.pathname.indexOf(root.pathname) !== 0) continue;
      var match = TERM_PATH.exec(url.pathname.slice(root.pathname.length));
      if (match) slugs.push(match[1]);
    }
    return slugs;
  }

  function slugOf(link) {
    if (!cards) return null;
    return slugsAt(link).filter(function (slug) { return cards[slug]; })[0] || null;
  }

  function cardFor(link) {
    var slug = slugOf(link);
    return slug ? cards[slug] : null;
  }

  // Links in the page's own navigation, header and dialogs (such as a search box) get no
  // card, nor do links whose summary is printed beside them.
  function linkAt(node) {
    var link = node && node.closest ? node.closest("a") : null;
    if (!link || (box && box.contains(link)) || link.closest("nav, header, [role=dialog], " + SUMMARIZED)) {
      return null;
    }
    return link;
  }

  function termLinkAt(node) {
    var link = linkAt(node);
    return link && cardFor(link) ? link : null;
  }

  /* ---- The card ---- */

  // Only on other pages: the glossary's own pages style the card with the theme's colours.
  var STYLE = [
    "#ID{all:initial;display:block;box-sizing:border-box;position:fixed;z-index:2147483000;left:0;top:0;",
    "width:max-content;max-width:352px;max-width:min(352px,calc(100vw - 16px));padding:12px 14px;border-radius:8px;",
    "border:1px solid rgba(27,31,36,.14);background:#fff;color:#1f2328;color-scheme:light;",
    "box-shadow:0 8px 24px rgba(31,35,40,.14),0 1px 3px rgba(31,35,40,.1);",
    "font:400 14px/1.45 system-ui,-apple-system,'Segoe UI',Roboto,'Helvetica Neue',Arial,'Noto Sans',",
    "'Liberation Sans',sans-serif;text-align:left;overflow-wrap:break-word;cursor:auto}",
    "#ID[hidden]{display:none}",
    "#ID *{all:unset;box-sizing:border-box}",
    "#ID .PRE-name,#ID .PRE-aliases,#ID .PRE-short,#ID .PRE-tags,#ID .PRE-hint,#ID .PRE-source{display:block}",
    "#ID .PRE-name{font-weight:600;font-size:16px;line-height:1.3;margin:0 0 2px}",
    "#ID .PRE-aliases,#ID .PRE-hint{font-size:12.5px;color:#59636e}",
    "#ID .PRE-short{margin:6px 0 0}",
    "#ID .PRE-tags{margin:8px 0 0;line-height:1}",
    "#ID .PRE-tag{display:inline-block;margin:0 4px 4px 0;padding:3px 8px;border-radius:999px;",
    "background:#efe9fb;color:#4a2b8c;font-size:12px;line-height:1.2}",
    "#ID .PRE-hint{margin:6px 0 0;font-style:italic}",
    "#ID .PRE-source{margin:8px 0 0;padding:6px 0 0;border-top:1px solid rgba(27,31,36,.1);",
    "font-size:11.5px;color:#59636e;letter-spacing:.02em}",
    "#ID.PRE-dark{background:#1f2228;color:#e6e8eb;border-color:rgba(240,246,252,.16);color-scheme:dark;",
    "box-shadow:0 8px 24px rgba(0,0,0,.5),0 1px 3px rgba(0,0,0,.4)}",
    "#ID.PRE-dark .PRE-aliases,#ID.PRE-dark .PRE-hint,#ID.PRE-dark .PRE-source{color:#9ba3ad}",
    "#ID.PRE-dark .PRE-source{border-top-color:rgba(240,246,252,.12)}",
    "#ID.PRE-dark .PRE-tag{background:rgba(179,157,219,.18);color:#d6c8f5}",
    "@media print{#ID{display:none!important}}"
  ].join("").replace(/#ID/g, "#" + CARD_ID).replace(/PRE/g, CARD_ID);

  var box = null;         // the card, created when the first one shows
  var shownFor = null;    // the link whose card is showing
  var hovered = null;     // the link under the pointer, to show once the data is in
  var hoverPoint = null;  // where the pointer entered it
  var anchorLine = 0;     // which of the shown link's line boxes the card sits under
  var showTimer = 0;
  var hideTimer = 0;
  var lastPointer = "mouse";

  function element(tag, className, text) {
    var node = document.createElement(tag);
    node.className = CARD_ID + (className ? "-" + className : "");
    if (text) node.textContent = text;
    return node;
  }

  function ensureCard() {
    if (box) return box;
    if (!onSite && !document.getElementById(STYLE_ID)) {
      var style = document.createElement("style");
      style.id = STYLE_ID;
      style.textContent = STYLE;
      (document.head || document.documentElement).appendChild(style);
    }
    box = element("div", "");
    box.id = CARD_ID;
    box.setAttribute("role", "tooltip");
    box.hidden = true;
    document.body.appendChild(box);
    return box;
  }

  // The colour of what is behind a link: the first opaque background from it upwards.
  function backgroundOf(node) {
    for (; node && node.nodeType === 1; node = node.parentElement) {
      var parts = (getComputedStyle(node).backgroundColor.match(/[\d.]+/g) || []).map(Number);
      if (parts.length >= 3 && (parts.length < 4 || parts[3] > 0.5)) return parts;
    }
    var scheme = getComputedStyle(document.documentElement).colorScheme || "";
    return /^dark/.test(scheme) ? [0, 0, 0] : [255, 255, 255];  // the canvas the browser paints
  }

  function isDark(rgb) {
    return 0.2126 * rgb[0] + 0.7152 * rgb[1] + 0.0722 * rgb[2] < 128;
  }

  // On another page the card takes the page's colours (or the script tag's data-theme).
  function theme(link) {
    if (onSite) return;
    var dark = THEME === "dark" || (THEME === "auto" && isDark(backgroundOf(link)));
    box.className = CARD_ID + (dark ? " " + CARD_ID + "-dark" : "");
  }

  function fill(data) {
    box.textContent = "";
    box.appendChild(element("div", "name", data.name));
    if (data.aliases.length) box.appendChild(element("div", "aliases", "Also: " + data.aliases.join(", ")));
    if (data.short) box.appendChild(element("div", "short", data.short));
    if (data.tags.length) {
      var tags = element("div", "tags");
      data.tags.forEach(function (tag) { tags.appendChild(element("span", "tag", tag)); });
      box.appendChild(tags);
    }
    if (lastPointer === "touch") box.appendChild(element("div", "hint", "Tap the link again to open the term."));
    if (glossaryTitle) box.appendChild(element("div", "source", glossaryTitle));
  }

  function viewport() {
    var root = document.documentElement;
    var standards = document.compatMode === "CSS1Compat";
    return { width: standards ? root.clientWidth : window.innerWidth,
             height: standards ? root.clientHeight : window.innerHeight };
  }

  // A link that wraps onto two lines has a box per line: the card goes under the line the
  // pointer came in on (the first line for keyboard and touch), and stays there on scroll.
  function lineOf(link, point) {
    var lines = link.getClientRects();
    for (var i = 0; point && i < lines.length; i += 1) {
      if (point.y >= lines[i].top && point.y <= lines[i].bottom) return i;
    }
    return 0;
  }

  // Fixed to the viewport, so a positioned <body> on the host page cannot shift it.
  function place(link) {
    var lines = link.getClientRects();
    var rect = lines[Math.min(anchorLine, lines.length - 1)] || link.getBoundingClientRect();
    var view = viewport();
    var margin = 8;
    var gap = 6;
    if (rect.bottom < 0 || rect.top > view.height || !document.documentElement.contains(link)) { hide(); return; }
    box.style.left = "0px";
    box.style.top = "0px";
    var width = box.offsetWidth;
    var height = box.offsetHeight;
    var left = Math.max(margin, Math.min(rect.left, view.width - width - margin));
    var below = rect.bottom + gap;
    var above = rect.top - gap - height;
    var top = below + height > view.height - margin && above >= margin ? above : below;
    box.style.left = Math.round(left) + "px";
    box.style.top = Math.round(top) + "px";
  }

  function describe(link, on) {
    var ids = (link.getAttribute("aria-describedby") || "").split(/\s+/).filter(function (id) {
      return id && id !== CARD_ID;
    });
    if (on) ids.push(CARD_ID);
    if (ids.length) link.setAttribute("aria-describedby", ids.join(" "));
    else link.removeAttribute("aria-describedby");
  }

  // Links may carry the summary as a title too (the glossary's Markdown extension writes
  // one): while its card is up, the browser's own tooltip would repeat it.
  var untitled = null;
  function muteTitle(link) {
    if (untitled === link) return;
    restoreTitle();
    if (!link.hasAttribute("title")) return;
    link.setAttribute(TITLE_KEPT, link.getAttribute("title"));
    link.removeAttribute("title");
    untitled = link;
  }

  function restoreTitle() {
    if (untitled && untitled.hasAttribute(TITLE_KEPT)) {
      untitled.setAttribute("title", untitled.getAttribute(TITLE_KEPT));
      untitled.removeAttribute(TITLE_KEPT);
    }
    untitled = null;
  }

  function show(link, point) {
    clearTimeout(showTimer);
    clearTimeout(hideTimer);
    var data = cardFor(link);
    if (!data) return;
    ensureCard();
    if (shownFor === link && !box.hidden) return;
    hide();
    fill(data);
    theme(link);
    box.hidden = false;
    shownFor = link;
    anchorLine = lineOf(link, point);
    muteTitle(link);
    describe(link, true);
    place(link);
  }

  function hide() {
    clearTimeout(showTimer);
    clearTimeout(hideTimer);
    if (box) box.hidden = true;
    if (shownFor) describe(shownFor, false);
    restoreTitle();
    shownFor = null;
  }

  function hideSoon() {
    clearTimeout(showTimer);
    clearTimeout(hideTimer);
    hideTimer = setTimeout(hide, HIDE_DELAY_MS);
  }

  // Show the card once the pointer rests on the link: checked every REST_MS, from
  // SHOW_DELAY_MS after it came; any move of more than REST_RADIUS_PX starts the rest over.
  var restPoint = null;
  var pointer = null;
  function showSoon(link, point) {
    clearTimeout(hideTimer);
    clearTimeout(showTimer);
    if (shownFor === link) return;
    restPoint = pointer = point;
    function check() {
      if (hovered !== link) return;
      var moved = pointer && restPoint ? Math.abs(pointer.x - restPoint.x) + Math.abs(pointer.y - restPoint.y) : 0;
      restPoint = pointer;
      if (moved > REST_RADIUS_PX) { showTimer = setTimeout(check, REST_MS); return; }
      show(link, point);
    }
    showTimer = setTimeout(check, Math.max(SHOW_DELAY_MS, REST_MS));
  }

  document.addEventListener("pointermove", function (event) {
    if (event.pointerType !== "touch" && hovered) pointer = { x: event.clientX, y: event.clientY };
  }, { passive: true });

  /* ---- Events, all on the document ---- */

  // A tap focuses the link (which shows its card) before the click, so whether the card
  // was already open is read when the finger comes down.
  var openBeforeTap = null;
  document.addEventListener("pointerdown", function (event) {
    lastPointer = event.pointerType || "mouse";
    openBeforeTap = box && !box.hidden ? shownFor : null;
    if (!cards && mayBeTermLink(linkAt(event.target))) load();
  }, true);

  document.addEventListener("pointerover", function (event) {
    if (event.pointerType === "touch") return;
    if (shownFor && !document.documentElement.contains(shownFor)) hide();  // removed by the page
    if (box && box.contains(event.target)) { clearTimeout(hideTimer); return; }
    var link = linkAt(event.target);
    if (!link || !(cards ? cardFor(link) : mayBeTermLink(link))) return;
    if (hovered !== link) hoverPoint = { x: event.clientX, y: event.clientY };
    hovered = link;
    var point = hoverPoint;
    if (cards) { muteTitle(link); showSoon(link, point); return; }
    load().then(function () { if (hovered === link && cardFor(link)) showSoon(link, point); });
  });

  document.addEventListener("pointerout", function (event) {
    if (event.pointerType === "touch") return;
    var to = event.relatedTarget;
    if (hovered && !(to && hovered.contains(to))) hovered = null;
    var from = termLinkAt(event.target) || (box && box.contains(event.target) ? box : null);
    if (!from) return;
    if (to && (from.contains(to) || (box && box.contains(to)) || (shownFor && shownFor.contains(to)))) return;
    if (from !== box && !shownFor) { clearTimeout(showTimer); restoreTitle(); return; }
    hideSoon();
  });

  document.addEventListener("focusin", function (event) {
    var link = linkAt(event.target);
    if (link && (cards ? cardFor(link) : mayBeTermLink(link))) {
      if (cards) { show(link); return; }
      load().then(function () { if (document.activeElement === link) show(link); });
    }
    if (shownFor) hide();
  });

  document.addEventListener("focusout", function (event) {
    if (shownFor && event.target === shownFor) hide();
  });

  document.addEventListener("keydown", function (event) {
    if ((event.key === "Escape" || event.key === "Esc") && shownFor) hide();
  });

  // On touch a first tap shows the card and a second tap on the same link follows it.
  // Before the data is in, a tap simply follows the link.
  document.addEventListener("click", function (event) {
    if (lastPointer !== "touch") return;
    var link = termLinkAt(event.target);
    if (!link) { if (shownFor && !box.contains(event.target)) hide(); return; }
    if (openBeforeTap === link) return;
    event.preventDefault();
    show(link, { x: event.clientX, y: event.clientY });
    openBeforeTap = link;
  }, true);

  function follow() { if (shownFor) place(shownFor); }
  window.addEventListener("resize", follow);
  window.addEventListener("scroll", follow, { capture: true, passive: true });

  // What the glossary's own scripts (the map's "Find a term", the 404 page's suggestion)
  // ask of the cards; loaded twice, the cards still run once.
  window.mesaGlossaryEmbed = {
    base: base.href,
    termOf: function (link) { return cardFor(link); },
    // A card for a link the page carries none for: one the page made later (the 404
    // page's suggestion), with data it read itself ({name, short, aliases, tags}).
    addCard: function (link, term) {
      var slug = cards && slugsAt(link)[0];
      if (slug && !cards[slug]) cards[slug] = siteCard(term);
    }
  };

  /* ---- Start: on another page, fetch the data now if the page already links to a term ---- */

  function start() {
    var links = document.links;
    for (var i = 0; i < links.length; i += 1) {
      if (mayBeTermLink(links[i])) { load(); return; }
    }
  }

  if (onSite) { ensureCard(); return; }  // the data is here: the card is ready for the first hover
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
