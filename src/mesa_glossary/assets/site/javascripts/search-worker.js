/* Material's search box, answered by the glossary's names first and Pagefind after.
 *
 * Material runs its search in a Web Worker and lets a site supply its own worker, as long
 * as it speaks the same four messages (SETUP, READY, QUERY, RESULT). Its built-in worker
 * builds a lunr index in the browser from one JSON file of every page: at 10,000 terms
 * that is 20 MB to download and index before the first answer. Pagefind's index is made
 * at build time and cut into small pieces; a query fetches only the pieces it needs.
 *
 * Pagefind ranks pages by their words, so a term's own page can lose to one that repeats
 * its name ("inner optimizer" is an alias of Mesa-optimizer, yet Inner alignment says
 * "inner" more often). So the query is first looked up in the names index
 * (render/search_names.py): a term one of whose names the query is, begins, or misses by a
 * typo or two comes first, marked as a term; Pagefind's pages follow, terms before the rest.
 *
 * Material prints titles and excerpts as HTML, so everything shown is escaped here, with
 * only Pagefind's <mark> highlights and the glossary's own kind label let through.
 */
"use strict"

const SETUP = 0, READY = 1, QUERY = 2, RESULT = 3
/* Results are sent once, so that the count Material prints does not jump. Each Pagefind
 * result is a piece to fetch (a long source page's is tens of kilobytes): twenty pages
 * answer in one round of fetches. */
const RESULT_LIMIT = 20
/* Names matched by their beginning, and by a typo, shown before Pagefind's pages. */
const PREFIX_LIMIT = 5
const TYPO_LIMIT = 3
/* A query shorter than this (as a key) matches only names it equals. */
const PREFIX_MIN = 2
/* Sections (headings of a page) shown under each result. */
const SECTION_LIMIT = 3

/* Where the site's root and the index are, relative to this file: the theme template
 * passes them (from src/mesa_glossary/core/urls.py) as ?root=…&index=… */
const place = new URL(self.location.href).searchParams
const siteRoot = new URL(place.get("root"), self.location.href)
const indexFolder = place.get("index")
const namesFile = place.get("names")
/* Where term and source pages live, from the site's root: a result's kind is its folder. */
const KINDS = [[place.get("terms"), "Term"], [place.get("sources"), "Source"]]
let pagefind = null
let names = null
let latestQuery = 0

/* The key a query and a name are compared by: the twin of search_key() in
 * render/search_names.py (lower case, letters and digits only). */
function searchKey(text) {
  return text.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, "")
}

function loadNames() {
  names ??= fetch(new URL(namesFile, siteRoot)).then(response => {
    if (!response.ok)
      throw new Error(`${namesFile}: ${response.status}`)
    return response.json()
  }).catch(error => {
    names = null  /* as for Pagefind: try again with the next query */
    throw error
  })
  return names
}

/* How many typos a name of this length may carry and still be meant: none in short ones. */
function typoBudget(length) {
  return length >= 8 ? 2 : length >= 4 ? 1 : 0
}

/* Optimal string alignment distance (edits, with swaps of neighbours counting as one),
 * given up as soon as it must exceed ``limit``. */
function editDistance(a, b, limit) {
  if (Math.abs(a.length - b.length) > limit)
    return limit + 1
  let before = null, previous = Array.from({ length: b.length + 1 }, (_, j) => j)
  for (let i = 1; i <= a.length; i++) {
    const row = [i]
    let best = i
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1
      let value = Math.min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + cost)
      if (before && i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        value = Math.min(value, before[j - 2] + 1)
      row.push(value)
      best = Math.min(best, value)
    }
    if (best > limit)
      return limit + 1
    before = previous
    previous = row
  }
  return previous[b.length]
}

/* The terms a query names: exactly, by the beginning of a name, or with a typo, in that
 * order, each term once, with the name it was found by. */
function namedTerms(index, query) {
  const key = searchKey(query)
  if (!key)
    return []
  const exact = [], prefix = [], typo = []
  const budget = typoBudget(key.length)
  for (const [name, term, written] of index.names) {
    if (name === key)
      exact.push({ term, written, rank: 0 })
    else if (key.length >= PREFIX_MIN && name.startsWith(key))
      prefix.push({ term, written, rank: name.length })
    else if (budget) {
      const distance = editDistance(key, name, budget)
      if (distance <= budget)
        typo.push({ term, written, rank: distance * 1000 + name.length })
    }
  }
  const byRank = (a, b) => a.rank - b.rank
  const found = [...exact, ...prefix.sort(byRank).slice(0, PREFIX_LIMIT * 4), ...typo.sort(byRank)]
  const seen = new Set(), terms = []
  for (const match of found) {
    if (seen.has(match.term))
      continue
    seen.add(match.term)
    terms.push(match)
  }
  const exactCount = new Set(exact.map(match => match.term)).size
  return terms.slice(0, exactCount + PREFIX_LIMIT + TYPO_LIMIT)
}

function loadPagefind() {
  pagefind ??= import(new URL(indexFolder + "pagefind.js", siteRoot).href).then(async module => {
    await module.options({ baseUrl: siteRoot.pathname })
    await module.init()
    return module
  }).catch(error => {
    pagefind = null  /* a network blip must not end search for the rest of the visit */
    throw error
  })
  return pagefind
}

function escapeHtml(text) {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;")
}

/* Pagefind's excerpts are the page's text with "<" and ">" already escaped and <mark>
 * around the matched words: escape what is left ("&" and any other "<"). */
function excerptHtml(excerpt) {
  return excerpt.replace(/&(?!lt;|gt;)/g, "&amp;").replace(/<(?!\/?mark>)/g, "&lt;")
}

/* Pagefind's URLs start at the server's root; Material wants them from the site's
 * (always starting "./", so that no folder name can read as a URL scheme). */
function siteLocation(url) {
  const path = url.startsWith(siteRoot.pathname) ? url.slice(siteRoot.pathname.length) : url.replace(/^\//, "")
  return `./${path}`
}

/* What kind of page a result is, from where it lives: terms come before the rest. */
function kindOf(location) {
  const path = location.replace(/^\.\//, "")
  const found = KINDS.find(([folder]) => path.startsWith(folder) && path !== folder)
  return found ? found[1] : "Page"
}

function labelled(kind, title) {
  return `<span class="mg-result-kind mg-result-${kind.toLowerCase()}">${kind}</span> ${title}`
}

/* A term found by one of its names: its summary as the excerpt, and the alias it was
 * found by when that is not its title. */
function nameItems({ term, written }, index, rank, terms) {
  const [title, path, short] = index.terms[term]
  const also = written !== title ? ` <em>(${escapeHtml(written)})</em>` : ""
  return [{
    location: `./${path}`,
    title: labelled("Term", escapeHtml(title) + also),
    text: `<p>${escapeHtml(short)}</p>`,
    score: 2 * RESULT_LIMIT - rank,
    terms,
  }]
}

function searchItems(page, rank, terms) {
  const score = RESULT_LIMIT - rank
  const location = siteLocation(page.url)
  const article = {
    location,
    title: labelled(kindOf(location), escapeHtml(page.meta.title || page.url)),
    text: `<p>${excerptHtml(page.excerpt)}</p>`,
    score,
    terms,
  }
  const sections = (page.sub_results || [])
    .filter(section => section.url.includes("#") && section.title !== page.meta.title)
    .slice(0, SECTION_LIMIT)
    .map(section => ({
      location: siteLocation(section.url),
      title: escapeHtml(section.title),
      text: `<p>${excerptHtml(section.excerpt)}</p>`,
      score: score - 0.5,  /* below the page: Material shows its excerpt and folds these under it */
      terms,
    }))
  return [article, ...sections]
}

/* Send Material the results for ``query``, unless the reader has typed past it: each key
 * sends a query, and the pieces for a query nobody will see are not worth fetching. */
async function answer(query, ticket) {
  const current = () => ticket === latestQuery
  const send = items => current() && self.postMessage({ type: RESULT, data: { items, total: items.length } })
  const words = query.trim().split(/\s+/).filter(Boolean)
  if (!words.length)
    return send([])
  await new Promise(resolve => setTimeout(resolve))  /* let the keys typed since arrive first */
  if (!current())
    return
  const terms = Object.fromEntries(words.map(word => [word.toLowerCase(), true]))
  const index = await loadNames().catch(() => null)  /* without it, Pagefind alone still answers */
  const named = index ? namedTerms(index, query) : []
  const shown = new Set(named.map(({ term }) => `./${index.terms[term][1]}`))
  /* Without Pagefind (a network blip), the names found are still an answer. */
  const search = await loadPagefind().then(module => module.search(query)).catch(() => ({ results: [] }))
  if (!current())
    return
  const pages = (await Promise.all(search.results.slice(0, RESULT_LIMIT).map(result => result.data())))
    .map(page => ({ page, location: siteLocation(page.url) }))
    .filter(({ location }) => !shown.has(location))
  /* Terms before sources and guides, each in Pagefind's order. */
  const order = kind => kind === "Term" ? 0 : 1
  pages.sort((a, b) => order(kindOf(a.location)) - order(kindOf(b.location)))
  send([
    ...named.map((match, rank) => nameItems(match, index, rank, terms)),
    ...pages.map(({ page }, rank) => searchItems(page, rank, terms)),
  ].slice(0, RESULT_LIMIT))
}

self.addEventListener("message", async ({ data: message }) => {
  if (message.type === SETUP) {
    loadPagefind().catch(() => {})  /* load the engine with the page: the first query need not wait */
    loadNames().catch(() => {})
    self.postMessage({ type: READY })
  } else if (message.type === QUERY) {
    const ticket = ++latestQuery
    try {
      await answer(message.data, ticket)
    } catch {
      if (ticket === latestQuery)  /* no index to ask: no results rather than no answer */
        self.postMessage({ type: RESULT, data: { items: [], total: 0 } })
    }
  }
})
