// The explorers of the static site: native range inputs over frames drawn when the site
// was built (tools/book/explorer_frames.py). A slider's position picks a value on its
// grid; the picture shows the frame for every slider's value. No kernel, nothing fetched
// but the frames beside the page.
(function () {
  'use strict';

  function build(el, spec) {
    const base = el.dataset.base;
    const sliders = spec.sliders;
    const img = document.createElement('img');
    img.className = 'd2l-explorer-frame';
    img.style.width = spec.width + 'px';
    img.alt = 'the explorer\'s figure for the values of its sliders';
    const positions = sliders.map((s) => s.start);
    const readouts = [];
    const frameIndex = () => positions.reduce((flat, p, i) => flat * sliders[i].values.length + p, 0);
    const show = () => {
      img.src = base + spec.frames[frameIndex()];
      sliders.forEach((s, i) => { readouts[i].textContent = s.readouts[positions[i]]; });
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
      readouts.push(readout);
      input.addEventListener('input', () => { positions[i] = +input.value; show(); });
      row.append(name, input, readout);
      el.appendChild(row);
    });
    el.appendChild(img);
    const note = document.createElement('p');
    note.className = 'd2l-explorer-note';
    const coarse = sliders.filter((s) => s.values.length < s.of).map((s) => s.label);
    note.textContent = 'Frames drawn when this page was built' +
      (coarse.length ? '; ' + coarse.join(', ') + ' on a coarser grid than in a notebook.' : '.') +
      ' In a running notebook the explorer redraws for any value.';
    el.appendChild(note);
    show();
    // Fetch every frame now, while the reader reads, so that a move shows one at once.
    spec.frames.forEach((file) => { const pre = new Image(); pre.src = base + file; });
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
