/*
 * Mesa Glossary: the A–Z filter, the copy buttons and the map's loader, on the glossary's
 * own pages.
 *
 * Plain script with no dependencies; it works offline and from disk too. Its only requests
 * are the map's scripts and, on the 404 page, the names its suggestion is chosen from.
 * The hover cards are embed.js, the same script other sites load (loaded just before this
 * one); the 404 page gives it the card of the term it suggests. Without JavaScript the
 * pages read the same; the filter box and copy buttons stay hidden.
 */
(function () {
  "use strict";

  var cards = window.mesaGlossaryEmbed;
  var here = document.currentScript && document.currentScript.src;

  /* ---- The explorable map: its scripts load only where a page has a whole map ---- */

  function loadScript(src) {
    return new Promise(function (resolve, reject) {
      var script = document.createElement("script");
      script.src = src;
      script.onload = resolve;
      script.onerror = reject;
      document.head.appendChild(script);
    });
  }

  var mapFigure = document.querySelector("figure[data-mg-scripts]");
  if (mapFigure && here && window.Promise) {
    mapFigure.getAttribute("data-mg-scripts").split(" ").reduce(function (loaded, path) {
      return loaded.then(function () { return loadScript(new URL(path, here).href); });
    }, Promise.resolve()).catch(function () { /* the map still reads as a scrolling picture */ });
  }

  // Material's search dialog has no accessible name; screen readers announce it as "Search".
  document.querySelectorAll(".md-search[role=dialog]:not([aria-label])").forEach(function (dialog) {
    dialog.setAttribute("aria-label", "Search");
  });

  // Material gives every code block's copy button a <nav> of its own, all unnamed: landmarks
  // a screen reader cannot tell apart. Each is named after its block's language, and numbered.
  var codeTools = 0;
  function nameCodeTools() {
    document.querySelectorAll("nav.md-code__nav:not([aria-label])").forEach(function (nav) {
      var code = nav.parentElement && nav.parentElement.querySelector("code");
      var language = code && /language-(\w+)/.exec(code.className);
      codeTools += 1;
      nav.setAttribute("aria-label", "Code block " + codeTools + (language ? " (" + language[1] + ")" : ""));
    });
  }
  if (window.MutationObserver && document.querySelector("pre > code")) {
    nameCodeTools();
    new MutationObserver(nameCodeTools).observe(document.body, { childList: true, subtree: true });
  }

  /* ---- A mistyped address: the term it most likely meant ---- */

  // Optimal string alignment distance (a swap of neighbours counts as one edit).
  function distance(a, b) {
    var before = null, previous = [], i, j;
    for (j = 0; j <= b.length; j += 1) previous.push(j);
    for (i = 1; i <= a.length; i += 1) {
      var row = [i];
      for (j = 1; j <= b.length; j += 1) {
        var value = Math.min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
        if (before && i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
          value = Math.min(value, before[j - 2] + 1);
        }
        row.push(value);
      }
      before = previous;
      previous = row;
    }
    return previous[b.length];
  }

  function addressForm(name) {
    return name.toLowerCase().normalize("NFKD").replace(/[\u0300-\u036f]/g, "").replace(/[^a-z0-9]+/g, "-")
      .replace(/^-|-$/g, "");
  }

  // The term among the names index's (render/search_names.py: terms as [title, path,
  // short], names as [key, term, name]) whose address or a name is nearest to the address
  // asked for, if it is near enough to be what was meant.
  function nearest(wanted, index) {
    var candidates = index.terms.map(function (term, position) {
      return [position, term[1].split("/").filter(Boolean).pop() || ""];
    }).concat(index.names.map(function (name) { return [name[1], name[2]]; }));
    var best = null;
    candidates.forEach(function (candidate) {
      var score = distance(wanted, addressForm(candidate[1]));
      if (!best || score < best.score) best = { score: score, term: candidate[0] };
    });
    return best && best.score <= Math.max(2, Math.floor(wanted.length / 3)) ? best.term : null;
  }

  function suggest(suggestion, index, wanted) {
    var position = nearest(wanted, index);
    if (position === null) return;
    var term = index.terms[position];
    var link = document.createElement("a");
    link.href = new URL(term[1], cards.base).href;  // the index's paths start at the site's root
    link.textContent = term[0];
    var aliases = index.names.filter(function (name) { return name[1] === position && name[2] !== term[0]; })
      .map(function (name) { return name[2]; });
    cards.addCard(link, { name: term[0], short: term[2], aliases: aliases, tags: [] });
    suggestion.appendChild(document.createTextNode("Did you mean "));
    suggestion.appendChild(link);
    suggestion.appendChild(document.createTextNode("?"));
    suggestion.hidden = false;
  }

  // The names are the search box's; they are fetched here, where an address was mistyped,
  // and no page that works needs them.
  var suggestion = document.querySelector(".mg-not-found-suggestion[data-mg-names]");
  if (suggestion && cards && window.fetch) {
    var asked = location.pathname;
    try { asked = decodeURIComponent(asked); } catch (error) { /* a malformed escape: as it is */ }
    var wanted = addressForm((asked.split("/").filter(Boolean).pop() || "").replace(/\.html$/, ""));
    if (wanted) {
      fetch(new URL(suggestion.getAttribute("data-mg-names"), cards.base).href)
        .then(function (response) {
          if (!response.ok) throw new Error("HTTP " + response.status);
          return response.json();
        })
        .then(function (index) { suggest(suggestion, index, wanted); })
        .catch(function () { /* no suggestion: the page still offers the A–Z index and search */ });
    }
  }

  /* ---- The A–Z filter ---- */

  function normalise(text) {
    return text.toLocaleLowerCase().replace(/[\u2010\u2011-]/g, " ").replace(/\s+/g, " ").trim();
  }

  function setUpFilter(input) {
    var box = input.closest(".mg-filter");
    var index = document.getElementById(input.getAttribute("aria-controls"));
    var status = box.querySelector(".mg-filter-status");
    var empty = document.querySelector(".mg-filter-empty");
    // A term's names: its link's text, and its aliases, listed hidden beside it (render/pages.py).
    var items = Array.prototype.map.call(index.querySelectorAll("li"), function (item) {
      var link = item.querySelector("a");
      var names = [link.textContent].concat(Array.prototype.map.call(item.querySelectorAll(".mg-alias"),
        function (alias) { return alias.textContent; })).join(" ");
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

  var announcer = document.createElement("p");
  announcer.className = "mg-visually-hidden";
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
