// Typeset the site's formulas when it is built (tools/book/finish.py runs this once per build):
// reads on stdin a JSON list with, per page, the list of its formulas as [TeX, display]
// pairs, and writes on stdout a JSON object {"pages": [per page {"html": [one
// <mjx-container> per formula, in order], "cache": the page's glyphs}], "css": the
// stylesheet they need}. Each formula becomes an SVG that draws its glyphs from the page's
// one hidden set of glyph paths ("cache", MathJax's global font cache: no font to fetch,
// and each glyph's path once a page) with hidden MathML beside it for screen readers
// (MathJax's assistive-mml), so that a page needs no script and no font to show its math.
// A formula MathJax cannot parse keeps its error node (<g data-mml-node="merror">), which
// make test-book looks for.
'use strict';
const {mathjax} = require('mathjax-full/js/mathjax.js');
const {TeX} = require('mathjax-full/js/input/tex.js');
const {SVG} = require('mathjax-full/js/output/svg.js');
const {liteAdaptor} = require('mathjax-full/js/adaptors/liteAdaptor.js');
const {RegisterHTMLHandler} = require('mathjax-full/js/handlers/html.js');
const {AssistiveMmlHandler} = require('mathjax-full/js/a11y/assistive-mml.js');
const {AllPackages} = require('mathjax-full/js/input/tex/AllPackages.js');

const adaptor = liteAdaptor();
AssistiveMmlHandler(RegisterHTMLHandler(adaptor));
const document = mathjax.document('', {
  InputJax: new TeX({packages: AllPackages.filter((name) => name !== 'bussproofs')}),
  OutputJax: new SVG({fontCache: 'global'}),
});

let input = '';
process.stdin.setEncoding('utf8');
process.stdin.on('data', (chunk) => { input += chunk; });
process.stdin.on('end', () => {
  const svg = document.outputJax;
  const pages = JSON.parse(input).map((formulas) => {
    svg.fontCache.clearCache();
    const html = formulas.map(([tex, display]) => adaptor.outerHTML(document.convert(tex, {display})));
    const cache = svg.svg('svg', {id: 'MJX-SVG-global-cache', style: {display: 'none'}},
                          [svg.fontCache.getCache()]);
    return {html, cache: adaptor.outerHTML(cache)};
  });
  const css = adaptor.textContent(svg.styleSheet(document));
  process.stdout.write(JSON.stringify({pages, css}));
});
