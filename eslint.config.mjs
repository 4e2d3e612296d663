// ESLint for the engine's browser scripts (make test runs it). They are plain ES5 in
// an IIFE (the search worker, ES2022), loaded by classic <script> tags on the site
// and on other people's pages, or as a Web Worker.
import js from "@eslint/js";
import globals from "globals";

export default [
  { ignores: ["src/mesa_glossary/assets/site/javascripts/vendor/**"] },
  js.configs.recommended,
  {
    files: ["src/mesa_glossary/assets/**/*.js"],
    languageOptions: {
      ecmaVersion: 2022,
      sourceType: "script",
      globals: { ...globals.browser, ...globals.worker },
    },
    rules: {
      "no-var": "off",
      eqeqeq: ["error", "always"],
      "no-implicit-globals": "error",
      "no-unused-vars": ["error", { args: "after-used", caughtErrors: "none" }],
    },
  },
  {
    // A Web Worker has a global scope of its own: nothing it declares reaches a page.
    files: ["src/mesa_glossary/assets/site/javascripts/search-worker.js"],
    rules: { "no-implicit-globals": "off" },
  },
];
