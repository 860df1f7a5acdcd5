// A small SVG time-series plot: several lines, optional bands (corrected interval), horizontal level lines,
// zoom with the mouse wheel and pan by dragging (both on the time axis). Hand-written: no plotting library.
'use strict';
function hubPlot(svg, opts) {
  const W = 1000, H = 420, L = 70, R = 20, T = 20, B = 40;
  const colors = ['#1f77b4', '#d62728', '#2ca02c', '#9467bd', '#ff7f0e', '#8c564b', '#e377c2', '#17becf'];
  const ns = 'http://www.w3.org/2000/svg';
  svg.setAttribute('viewBox', `0 0 ${W} ${H}`);
  svg.setAttribute('width', W); svg.setAttribute('height', H);
  const all = opts.series.flatMap(s => s.points.map(p => p.t));
  let x0 = Math.min(...all), x1 = Math.max(...all);
  if (!isFinite(x0)) { x0 = Date.now() - 864e5; x1 = Date.now(); }
  if (x0 === x1) { x0 -= 36e5; x1 += 36e5; }
  const full = [x0, x1];
  const mk = (tag, attrs) => { const e = document.createElementNS(ns, tag); for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v); return e; };
  function draw() {
    svg.replaceChildren();
    const vis = opts.series.map(s => s.points.filter(p => p.t >= x0 && p.t <= x1));
    const ys = vis.flat().flatMap(p => [p.y, p.high ?? p.y]).concat(opts.levels.map(l => l.y));
    const y1 = Math.max(1e-9, ...ys) * 1.1;
    const sx = t => L + (t - x0) / (x1 - x0) * (W - L - R), sy = v => H - B - v / y1 * (H - T - B);
    svg.append(mk('rect', { x: L, y: T, width: W - L - R, height: H - T - B, fill: '#fff', stroke: '#ccd' }));
    for (let i = 0; i <= 5; i++) {
      const v = y1 * i / 5, y = sy(v);
      svg.append(mk('line', { x1: L, x2: W - R, y1: y, y2: y, stroke: '#eee' }));
      const t = mk('text', { x: L - 6, y: y + 4, 'text-anchor': 'end', 'font-size': 11 }); t.textContent = v.toPrecision(3); svg.append(t);
    }
    for (let i = 0; i <= 4; i++) {
      const t = x0 + (x1 - x0) * i / 4, lab = mk('text', { x: sx(t), y: H - B + 16, 'text-anchor': 'middle', 'font-size': 11 });
      lab.textContent = new Date(t).toISOString().slice(0, 16).replace('T', ' '); svg.append(lab);
    }
    const ylab = mk('text', { x: 14, y: T + (H - T - B) / 2, transform: `rotate(-90 14 ${T + (H - T - B) / 2})`, 'text-anchor': 'middle', 'font-size': 12 });
    ylab.textContent = opts.unit; svg.append(ylab);
    vis.forEach((pts, i) => {
      const c = colors[i % colors.length];
      const banded = pts.filter(p => p.low != null && p.high != null);
      if (banded.length > 1) {
        const d = banded.map(p => `${sx(p.t)},${sy(p.high)}`).concat(banded.slice().reverse().map(p => `${sx(p.t)},${sy(p.low)}`));
        svg.append(mk('polygon', { points: d.join(' '), fill: c, 'fill-opacity': 0.15, class: 'band' }));
      }
      if (pts.length > 1) svg.append(mk('polyline', { points: pts.map(p => `${sx(p.t)},${sy(p.y)}`).join(' '), fill: 'none', stroke: c, 'stroke-width': 1.5 }));
      for (const p of pts) {
        const dot = mk('circle', { cx: sx(p.t), cy: sy(p.y), r: 3, fill: c, class: 'pt', 'data-series': i });
        const tip = mk('title', {}); tip.textContent = `${opts.series[i].name}\n${new Date(p.t).toISOString()}\n${p.y.toFixed(1)} ${opts.unit}`;
        dot.append(tip); svg.append(dot);
      }
    });
    for (const l of opts.levels) {
      const y = sy(l.y);
      svg.append(mk('line', { x1: L, x2: W - R, y1: y, y2: y, stroke: '#a40000', 'stroke-dasharray': '6 4', class: 'level' }));
      const t = mk('text', { x: W - R - 4, y: y - 4, 'text-anchor': 'end', 'font-size': 11, fill: '#a40000' }); t.textContent = `${l.name} alert ${l.y} cells/L`; svg.append(t);
    }
  }
  svg.onwheel = e => {
    e.preventDefault();
    const r = svg.getBoundingClientRect(), f = (e.clientX - r.left) / r.width * W;
    const t = x0 + (f - L) / (W - L - R) * (x1 - x0), k = e.deltaY < 0 ? 0.8 : 1.25;
    x0 = t - (t - x0) * k; x1 = t + (x1 - t) * k; draw();
  };
  let drag = null;
  svg.onmousedown = e => { drag = { x: e.clientX, a: x0, b: x1 }; svg.style.cursor = 'grabbing'; };
  window.addEventListener('mouseup', () => { drag = null; svg.style.cursor = 'grab'; });
  svg.onmousemove = e => {
    if (!drag) return;
    const r = svg.getBoundingClientRect(), dt = (e.clientX - drag.x) / r.width * W / (W - L - R) * (drag.b - drag.a);
    x0 = drag.a - dt; x1 = drag.b - dt; draw();
  };
  draw();
  return { reset() { [x0, x1] = full; draw(); } };
}
