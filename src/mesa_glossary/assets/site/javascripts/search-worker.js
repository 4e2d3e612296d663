/* Material's search box, answered by Pagefind.
 *
 * Material runs its search in a Web Worker and lets a site supply its own worker, as long
 * as it speaks the same four messages (SETUP, READY, QUERY, RESULT). Its built-in worker
 * builds a lunr index in the browser from one JSON file of every page: at 10,000 terms
 * that is 20 MB to download and index before the first answer. Pagefind's index is made
 * at build time and cut into small pieces; a query fetches only the pieces it needs.
 *
 * Material prints titles and excerpts as HTML, so everything Pagefind returns is
 * escaped here, with only its <mark> highlights let through.
 */
"use strict"

const SETUP = 0, READY = 1, QUERY = 2, RESULT = 3
/* Results are sent in two steps: the first few as soon as their pieces are in, then
 * the rest up to the limit. Each result is a piece to fetch, and a long source page's
 * piece is tens of kilobytes: the first answer should not wait for all of them. */
const FIRST_RESULTS = 5
const RESULT_LIMIT = 50
/* Sections (headings of a page) shown under each result. */
const SECTION_LIMIT = 3

/* Where the site's root and the index are, relative to this file: the theme template
 * passes them (from src/mesa_glossary/core/urls.py) as ?root=…&index=… */
const place = new URL(self.location.href).searchParams
const siteRoot = new URL(place.get("root"), self.location.href)
const indexFolder = place.get("index")
let pagefind = null
let latestQuery = 0

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

function searchItems(page, rank, terms) {
  const score = RESULT_LIMIT - rank
  const article = {
    location: siteLocation(page.url),
    title: escapeHtml(page.meta.title || page.url),
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
 * sends a query, and the pieces for a query nobody will see are not worth fetching.
 * Material counts the results it is sent, so past RESULT_LIMIT it shows that number. */
async function answer(query, ticket) {
  const current = () => ticket === latestQuery
  const send = items => current() && self.postMessage({ type: RESULT, data: { items, total: items.length } })
  const words = query.trim().split(/\s+/).filter(Boolean)
  if (!words.length)
    return send([])
  await new Promise(resolve => setTimeout(resolve))  /* let the keys typed since arrive first */
  if (!current())
    return
  const module = await loadPagefind()
  const search = await module.search(query)
  const terms = Object.fromEntries(words.map(word => [word.toLowerCase(), true]))
  const items = async (from, to) => (await Promise.all(search.results.slice(from, to).map(result => result.data())))
    .map((page, rank) => searchItems(page, from + rank, terms))
  if (!current())
    return
  const first = await items(0, FIRST_RESULTS)
  send(first)
  if (search.results.length > FIRST_RESULTS && current())
    send([...first, ...await items(FIRST_RESULTS, RESULT_LIMIT).catch(() => [])])  /* keep what is shown */
}

self.addEventListener("message", async ({ data: message }) => {
  if (message.type === SETUP) {
    loadPagefind().catch(() => {})  /* load the engine with the page: the first query need not wait */
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
