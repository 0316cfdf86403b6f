// The explorers of the static site: native range inputs over frames drawn when the site
// was built (tools/book/explorer_frames.py). A slider's position picks a value on its
// grid; the picture shows the frame for every slider's value. No kernel; nothing is
// fetched until the explorer nears the screen, then only the frame shown and those one
// move away (so that a move shows one at once).
(function () {
  'use strict';

  function build(el, spec) {
    const base = el.dataset.base;
    const sliders = spec.sliders;
    const img = document.createElement('img');
    img.className = 'd2l-explorer-frame';
    img.width = spec.width;  // the size it is shown at: the page keeps its place for it
    img.height = spec.height;
    img.decoding = 'async';
    const positions = sliders.map((s) => s.start);
    const inputs = [];
    const readouts = [];
    const frameIndex = (at) => at.reduce((flat, p, i) => flat * sliders[i].values.length + p, 0);
    const fetched = new Set();
    let near = false;
    const fetch = (frame) => {
      if (!fetched.has(frame)) { fetched.add(frame); new Image().src = base + spec.frames[frame]; }
    };
    const said = () => sliders.map((s, i) => s.label + ' ' + s.readouts[positions[i]]).join(', ');
    const show = () => {
      const frame = frameIndex(positions);
      sliders.forEach((s, i) => {
        readouts[i].textContent = s.readouts[positions[i]];
        inputs[i].setAttribute('aria-valuetext', s.label + ' ' + s.readouts[positions[i]]);
      });
      img.alt = 'Explorer figure at ' + said() + ': ' + spec.alts[frame];
      if (!near) return;
      img.src = base + spec.frames[frame];
      fetched.add(frame);
      sliders.forEach((s, i) => [-1, 1].forEach((step) => {  // the frames one move away
        const p = positions[i] + step;
        if (p >= 0 && p < s.values.length) {
          const at = positions.slice();
          at[i] = p;
          fetch(frameIndex(at));
        }
      }));
    };
    sliders.forEach((s, i) => {
      const row = document.createElement('label');
      row.className = 'd2l-explorer-slider';
      const name = document.createElement('span');
      name.className = 'd2l-explorer-name';
      name.textContent = s.label;
      const input = document.createElement('input');
      input.type = 'range';
      input.min = '0';
      input.max = String(s.values.length - 1);
      input.step = '1';
      input.value = String(s.start);
      input.dataset.name = s.name;
      input.setAttribute('aria-label', s.label);
      const readout = document.createElement('output');
      readout.className = 'd2l-explorer-readout';
      readout.setAttribute('aria-hidden', 'true');  // the slider says its value itself
      inputs.push(input);
      readouts.push(readout);
      input.addEventListener('input', () => { positions[i] = +input.value; show(); });
      row.append(name, input, readout);
      el.appendChild(row);
    });
    el.appendChild(img);
    const note = document.createElement('p');
    note.className = 'd2l-explorer-note';
    const coarse = sliders.filter((s) => s.values.length < s.of)
      .map((s) => s.label + ' ' + s.values.length + ' of ' + s.of);
    note.textContent = 'Frames drawn when this page was built' +
      (coarse.length ? ', for fewer values than in a notebook (' + coarse.join('; ') + ').' : '.') +
      ' In a running notebook the explorer redraws for any value.';
    el.appendChild(note);
    if (spec.why) {
      const why = document.createElement('p');
      why.className = 'd2l-explorer-note d2l-explorer-why';
      why.textContent = spec.why;
      el.appendChild(why);
    }
    show();
    const start = () => { near = true; show(); };
    if (!('IntersectionObserver' in window)) return start();
    const watch = new IntersectionObserver((seen) => {
      if (seen.some((e) => e.isIntersecting)) { watch.disconnect(); start(); }
    }, {rootMargin: '600px 0px'});
    watch.observe(el);
  }

  function start() {
    document.querySelectorAll('.d2l-explorer[data-explorer]').forEach((el) => {
      const spec = (window.D2L_EXPLORERS || {})[el.dataset.explorer];
      if (spec && !el.dataset.built) { el.dataset.built = '1'; build(el, spec); }
    });
  }
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})();
