/*
 * Mesa Glossary: hover cards on every link to a term, the A–Z filter and the copy buttons.
 *
 * Plain script with no dependencies and no requests: the card data comes from
 * glossary-cards.js (window.mesaGlossaryCards), loaded just before this file, so it all
 * works offline and from disk too. Without JavaScript the pages read the same; the
 * filter box and copy buttons stay hidden.
 */
(function () {
  "use strict";

  var cards = window.mesaGlossaryCards || {};
  var script = document.currentScript;
  // This file lives in <site>/javascripts/; the site's root is one folder up.
  var siteRoot = new URL("..", script ? script.src : document.baseURI);
  // terms/<slug>/ on the hosted site; terms/<slug>.html in the copy read from disk.
  var TERM_PATH = /^terms\/([a-z0-9]+(?:-[a-z0-9]+)*)(?:\/(?:index\.html)?|\.html)$/;
  var SHOW_DELAY_MS = 60;   // long enough not to flash cards while the pointer crosses text
  var HIDE_DELAY_MS = 250;  // time to move the pointer from the link onto the card

  // Material's search dialog has no accessible name; screen readers announce it as "Search".
  document.querySelectorAll(".md-search[role=dialog]:not([aria-label])").forEach(function (dialog) {
    dialog.setAttribute("aria-label", "Search");
  });

  /* ---- Which links are links to a term ---- */

  function hrefOf(link) {
    return link.getAttribute("href") || link.getAttribute("xlink:href");
  }

  function termOf(link) {
    var href = hrefOf(link);
    if (!href || href.charAt(0) === "#") return null;
    var url;
    try { url = new URL(href, document.baseURI); } catch (error) { return null; }
    if (url.origin !== siteRoot.origin || url.pathname.indexOf(siteRoot.pathname) !== 0) return null;
    var match = TERM_PATH.exec(url.pathname.slice(siteRoot.pathname.length));
    return match && cards[match[1]] ? match[1] : null;
  }

  function termLinkAt(node) {
    var link = node && node.closest ? node.closest("a") : null;
    if (!link || link.closest(".mg-card, .md-search, .md-header, .md-nav")) return null;
    return termOf(link) ? link : null;
  }

  /* ---- The hover card ---- */

  var card = document.createElement("div");
  card.className = "mg-card";
  card.id = "mg-card";
  card.setAttribute("role", "tooltip");
  card.hidden = true;
  document.body.appendChild(card);

  var shownFor = null;   // the link whose card is showing
  var showTimer = 0;
  var hideTimer = 0;
  var lastPointer = "mouse";

  function element(tag, className, text) {
    var node = document.createElement(tag);
    node.className = className;
    if (text) node.textContent = text;
    return node;
  }

  // "mesa optimizer" beside "Mesa-optimizer" tells a reader nothing: a card lists the
  // names that differ in more than case and punctuation (the filter still knows them all).
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

  function fill(slug) {
    var data = cards[slug];
    card.textContent = "";
    card.appendChild(element("p", "mg-card-name", data.name));
    var aliases = distinctNames(data.name, data.aliases);
    if (aliases.length) card.appendChild(element("p", "mg-card-aliases", "Also: " + aliases.join(", ")));
    card.appendChild(element("p", "mg-card-short", data.short));
    var tags = element("p", "mg-card-tags");
    data.tags.forEach(function (tag) { tags.appendChild(element("span", "mg-card-tag", tag)); });
    card.appendChild(tags);
    if (lastPointer === "touch") card.appendChild(element("p", "mg-card-hint", "Tap the link again to open the term."));
  }

  function place(link) {
    var box = link.getBoundingClientRect();
    var margin = 8;
    card.style.left = "0px";
    card.style.top = "0px";
    var width = card.offsetWidth;
    var height = card.offsetHeight;
    var left = Math.min(Math.max(margin, box.left), window.innerWidth - width - margin);
    var below = box.bottom + margin;
    var top = below + height > window.innerHeight && box.top - margin - height > 0 ? box.top - margin - height : below;
    card.style.left = Math.max(margin, left) + window.scrollX + "px";
    card.style.top = top + window.scrollY + "px";
  }

  function show(link) {
    clearTimeout(showTimer);
    clearTimeout(hideTimer);
    if (shownFor === link && !card.hidden) return;
    hide();
    fill(termOf(link));
    card.hidden = false;
    place(link);
    link.setAttribute("aria-describedby", card.id);
    shownFor = link;
  }

  function hide() {
    clearTimeout(showTimer);
    clearTimeout(hideTimer);
    card.hidden = true;
    if (shownFor) shownFor.removeAttribute("aria-describedby");
    shownFor = null;
  }

  function hideSoon() {
    clearTimeout(showTimer);
    clearTimeout(hideTimer);
    hideTimer = setTimeout(hide, HIDE_DELAY_MS);
  }

  // A tap focuses the link (which shows its card) before the click, so whether the card
  // was already open is read when the finger comes down.
  var openBeforeTap = null;
  document.addEventListener("pointerdown", function (event) {
    lastPointer = event.pointerType || "mouse";
    openBeforeTap = card.hidden ? null : shownFor;
  }, true);

  document.addEventListener("pointerover", function (event) {
    if (event.pointerType === "touch") return;
    if (card.contains(event.target)) { clearTimeout(hideTimer); return; }
    var link = termLinkAt(event.target);
    if (!link) return;
    clearTimeout(hideTimer);
    clearTimeout(showTimer);
    if (shownFor === link) return;
    showTimer = setTimeout(function () { show(link); }, SHOW_DELAY_MS);
  });

  document.addEventListener("pointerout", function (event) {
    if (event.pointerType === "touch") return;
    var from = termLinkAt(event.target) || (card.contains(event.target) ? card : null);
    if (!from) return;
    var to = event.relatedTarget;
    if (to && (from.contains(to) || card.contains(to) || (shownFor && shownFor.contains(to)))) return;
    if (from !== card && !shownFor) { clearTimeout(showTimer); return; }
    hideSoon();
  });

  document.addEventListener("focusin", function (event) {
    var link = termLinkAt(event.target);
    if (link) show(link); else if (shownFor) hide();
  });

  document.addEventListener("focusout", function (event) {
    if (shownFor && event.target === shownFor) hide();
  });

  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && !card.hidden) hide();
  });

  // On touch a first tap shows the card and a second tap on the same link follows it.
  document.addEventListener("click", function (event) {
    var link = termLinkAt(event.target);
    if (lastPointer !== "touch") return;
    if (!link) { if (!card.contains(event.target)) hide(); return; }
    if (openBeforeTap === link) return;
    event.preventDefault();
    show(link);
    openBeforeTap = link;
  }, true);

  window.addEventListener("resize", function () { if (shownFor) place(shownFor); });

  /* ---- The A–Z filter ---- */

  function normalise(text) {
    return text.toLocaleLowerCase().replace(/[\u2010\u2011-]/g, " ").replace(/\s+/g, " ").trim();
  }

  function setUpFilter(input) {
    var box = input.closest(".mg-filter");
    var index = document.getElementById(input.getAttribute("aria-controls"));
    var status = box.querySelector(".mg-filter-status");
    var empty = document.querySelector(".mg-filter-empty");
    var items = Array.prototype.map.call(index.querySelectorAll("li"), function (item) {
      var link = item.querySelector("a");
      var data = cards[termOf(link)] || { name: "", aliases: [], short: "" };
      var names = [data.name].concat(data.aliases).join(" ");
      return { item: item, link: link, names: normalise(names), text: normalise(names + " " + item.textContent) };
    });
    var sections = index.querySelectorAll(".mg-letter");
    var letters = document.querySelectorAll(".mg-letters a");
    box.hidden = false;

    function apply() {
      var words = normalise(input.value).split(" ").filter(Boolean);
      var shown = 0;
      items.forEach(function (entry) {
        var visible = words.every(function (word) { return entry.text.indexOf(word) !== -1; });
        entry.item.hidden = !visible;
        if (visible) shown += 1;
      });
      Array.prototype.forEach.call(sections, function (section) {
        section.hidden = !section.querySelector("li:not([hidden])");
      });
      Array.prototype.forEach.call(letters, function (letter) {
        var target = document.getElementById(letter.getAttribute("href").slice(1));
        var section = target && target.closest(".mg-letter");
        var off = Boolean(section && section.hidden);
        letter.classList.toggle("mg-letter-off", off);
        if (off) letter.setAttribute("aria-disabled", "true"); else letter.removeAttribute("aria-disabled");
      });
      status.textContent = words.length ? shown + " of " + items.length + " terms" : "";
      if (empty) empty.hidden = shown !== 0;
    }

    input.addEventListener("input", apply);
    // Enter opens the best match: a term one of whose names starts with the text, else the first shown.
    input.addEventListener("keydown", function (event) {
      if (event.key !== "Enter") return;
      var query = normalise(input.value);
      var visible = items.filter(function (entry) { return !entry.item.hidden; });
      var best = visible.filter(function (entry) { return (" " + entry.names).indexOf(" " + query) !== -1; })[0]
        || visible[0];
      if (best) { event.preventDefault(); best.link.click(); }
    });
    apply();
  }

  var filterInput = document.getElementById("mg-filter-input");
  if (filterInput) setUpFilter(filterInput);

  /* ---- Copy buttons ---- */

  // Links are copied as the public address (the page's canonical URL), also when the
  // page is read from a local copy.
  var canonical = document.querySelector("link[rel=canonical]");
  var pageUrl = new URL(canonical ? canonical.href : location.href);
  pageUrl.hash = "";

  // The copy read from disk names its pages x.html; the permanent address is x/.
  function publicUrl(href) {
    var url = new URL(href, pageUrl);
    url.pathname = url.pathname.replace(/\/index\.html$/, "/").replace(/\.html$/, "/");
    return url.href;
  }

  function quoteMarkdown(quote, button) {
    var lines = [];
    quote.querySelectorAll("p:not(.mg-attribution)").forEach(function (paragraph, index) {
      if (index) lines.push(">");
      paragraph.innerText.split("\n").forEach(function (line) { lines.push("> " + line.trim()); });
    });
    var source = quote.querySelector(".mg-attribution a");
    var author = button.getAttribute("data-mg-author");
    lines.push(">", "> — [" + source.textContent.trim() + "](" + publicUrl(source.getAttribute("href")) + ")"
      + (author ? ", " + author : ""));
    return lines.join("\n") + "\n";
  }

  function textFor(button) {
    var kind = button.getAttribute("data-mg-copy");
    var quote = button.closest("blockquote");
    if (kind === "page") return publicUrl(pageUrl.href);
    if (kind === "markdown") return "[" + button.getAttribute("data-mg-label") + "](" + publicUrl(pageUrl.href) + ")";
    if (kind === "quote-link") return publicUrl(quote.querySelector(".mg-attribution a").getAttribute("href"));
    if (kind === "quote-markdown") return quoteMarkdown(quote, button);
    if (kind === "passage") return publicUrl("#" + button.closest("[id]").id);
    return "";
  }

  // The textarea route works where the asynchronous clipboard does not: pages opened
  // from file://, older browsers, and documents that have lost focus.
  function copyWithSelection(text) {
    var area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.style.position = "fixed";
    area.style.opacity = "0";
    document.body.appendChild(area);
    area.select();
    var copied = document.execCommand("copy");
    document.body.removeChild(area);
    return copied ? Promise.resolve() : Promise.reject(new Error("copy refused"));
  }

  function copyText(text) {
    if (!navigator.clipboard || !window.isSecureContext) return copyWithSelection(text);
    return navigator.clipboard.writeText(text).catch(function () { return copyWithSelection(text); });
  }

  var announcer = element("p", "mg-visually-hidden");
  announcer.setAttribute("role", "status");
  document.body.appendChild(announcer);

  document.querySelectorAll(".mg-copy-bar[hidden], button.mg-copy[hidden]").forEach(function (node) {
    node.hidden = false;
  });

  document.addEventListener("click", function (event) {
    var button = event.target.closest ? event.target.closest("button.mg-copy") : null;
    if (!button) return;
    var label = button.getAttribute("data-mg-text") || button.textContent;
    button.setAttribute("data-mg-text", label);
    // The label comes back a while after the outcome is shown, however long the copy took.
    function show(outcome, announcement) {
      button.textContent = outcome;
      announcer.textContent = announcement;
      setTimeout(function () { button.textContent = label; announcer.textContent = ""; }, 1600);
    }
    copyText(textFor(button)).then(function () {
      show("Copied", "Copied to the clipboard");
    }, function () {
      show("Copy failed", "Could not copy: your browser refused");
    });
  });
})();
