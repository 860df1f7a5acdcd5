// The validation screen: a keyboard-first mosaic of one queue's ROIs. Decisions go to the JSON API with the
// antiforgery header the page gets from /api/v1/auth/me; the undo stack lives in the page.
'use strict';
const v = {
  me: null, queue: null, focus: 0, selected: new Set(), undo: [], offset: 0, limit: 48,
  api(path) { return '/api/v1/datasets/' + hub.enc(v.params.dataset) + '/validation' + path; },
  async send(method, url, body) {
    const r = await fetch(url, { method, headers: { 'Content-Type': 'application/json', 'X-CSRF-TOKEN': v.me.csrfToken }, body: body ? JSON.stringify(body) : undefined });
    if (!r.ok) { const t = await r.text(); v.say('error ' + r.status + ': ' + t); throw new Error(t); }
    return r.status === 204 ? null : r.json();
  },
  say(text) { document.getElementById('status').textContent = text; },
  tiles() { return Array.from(document.querySelectorAll('#mosaic .tile')); },
};

async function loadChoices() {
  const p = v.params;
  const ds = document.getElementById('dataset');
  for (const d of await hub.json('/api/v1/datasets')) ds.append(hub.el('option', { value: d.name, text: d.name }));
  if (p.dataset) ds.value = p.dataset;
  p.dataset = ds.value;
  const models = p.dataset ? await hub.json('/api/v1/datasets/' + hub.enc(p.dataset) + '/models') : [];
  const ms = document.getElementById('model');
  for (const m of models) ms.append(hub.el('option', { value: m.id, text: m.id }));
  if (p.model) ms.value = p.model;
  p.model = ms.value;
  const classes = (models.find(m => m.id === p.model) || { classes: [] }).classes;
  const cs = document.getElementById('class');
  cs.append(hub.el('option', { value: '', text: '(all)' }));
  const names = document.getElementById('class-names');
  for (const c of classes) { cs.append(hub.el('option', { value: c, text: c })); names.append(hub.el('option', { value: c })); }
  cs.value = p.class || '';
  for (const k of ['start', 'end', 'bin', 'queue']) if (p[k]) document.getElementById(k).value = p[k];
  v.classes = classes;
  ds.onchange = () => { location.search = '?dataset=' + hub.enc(ds.value); };
  ms.onchange = () => { location.search = '?dataset=' + hub.enc(ds.value) + '&model=' + hub.enc(ms.value); };
  document.getElementById('stats-link').href = '/validation/stats?dataset=' + hub.enc(p.dataset || '') + '&model=' + hub.enc(p.model || '');
}

async function loadQueue() {
  const p = v.params;
  const mosaic = document.getElementById('mosaic');
  mosaic.replaceChildren();
  v.selected.clear();
  if (!p.dataset || !p.model || (!p.class && !p.bin && p.queue !== 'rare' && p.queue !== 'uncertainty')) {
    mosaic.append(hub.el('p', { class: 'muted', text: 'Choose a dataset, a model and a class (or a bin), then Open.' }));
    return;
  }
  const q = new URLSearchParams({ model: p.model, queue: p.queue || 'score', offset: v.offset, limit: v.limit });
  for (const k of ['class', 'bin']) if (p[k]) q.set(k, p[k]);
  for (const k of ['start', 'end']) if (p[k]) q.set(k, p[k] + (k === 'end' ? 'T23:59:59Z' : 'T00:00:00Z'));
  v.queue = await hub.json(v.api('/queue?' + q));
  for (const item of v.queue.items) mosaic.append(tile(item));
  const last = Math.min(v.offset + v.limit, v.queue.total);
  document.getElementById('page').textContent = (v.queue.total ? v.offset + 1 : 0) + '-' + last + ' of ' + v.queue.total;
  v.focus = Math.min(v.focus, Math.max(0, v.queue.items.length - 1));
  paint();
}

function tile(item) {
  const label = hub.el('div', { class: 'label' });
  const t = hub.el('div', { class: 'tile', 'data-pid': item.pid, tabindex: '-1' },
    hub.el('img', { src: item.image, alt: item.pid, title: item.pid + ' margin ' + item.margin.toFixed(2) }), label);
  t.item = item;
  render(t);
  t.onclick = e => { v.focus = v.tiles().indexOf(t); if (e.shiftKey || e.ctrlKey) toggle(t); paint(); };
  return t;
}

function render(t) {
  const item = t.item;
  const decided = item.mine ? item.mine.class : null;
  t.classList.toggle('confirmed', decided === item.predicted);
  t.classList.toggle('relabelled', decided !== null && decided !== item.predicted);
  t.classList.toggle('seen', item.others.length > 0);
  const label = t.querySelector('.label');
  label.replaceChildren(hub.el('span', { class: 'pred', text: item.predicted + ' ' + item.score.toFixed(2) }));
  if (decided !== null && decided !== item.predicted) label.append(hub.el('br'), hub.el('b', { class: 'new', text: '→ ' + decided }));
  if (item.others.length) label.append(hub.el('br'), hub.el('span', { class: 'others', text: item.others.map(o => o.user + ': ' + o.class).join(', ') }));
}

function paint() {
  v.tiles().forEach((t, i) => { t.classList.toggle('focus', i === v.focus); t.classList.toggle('selected', v.selected.has(t.item.pid)); });
  const f = v.tiles()[v.focus];
  if (f) f.scrollIntoView({ block: 'nearest' });
}

function toggle(t) { if (v.selected.has(t.item.pid)) v.selected.delete(t.item.pid); else v.selected.add(t.item.pid); }

function targets() {
  const all = v.tiles();
  const sel = all.filter(t => v.selected.has(t.item.pid));
  return sel.length ? sel : (all[v.focus] ? [all[v.focus]] : []);
}

async function decide(ts, cls) {
  if (!v.me.canAnnotate) { v.say('log in as an annotator to record decisions'); return; }
  if (!ts.length) return;
  const items = ts.map(t => ({ bin: t.item.bin, roi: t.item.roi, class: cls === null ? t.item.predicted : cls }));
  const before = ts.map(t => ({ t, mine: t.item.mine }));
  const r = await v.send('POST', v.api('/decisions'), { model: v.queue.model, queue: v.queue.queue === 'score' && v.queue.bin ? 'bin' : v.queue.queue, items });
  r.decisions.forEach((d, i) => { ts[i].item.mine = { id: d.id, class: d.class }; render(ts[i]); });
  v.undo.push(before);
  v.selected.clear();
  v.say((cls === null ? 'confirmed ' : 'relabelled as ' + cls + ': ') + ts.length);
  if (ts.length === 1) v.focus = Math.min(v.focus + 1, v.tiles().length - 1);
  paint();
}

async function undo() {
  const step = v.undo.pop();
  if (!step) { v.say('nothing to undo'); return; }
  for (const { t, mine } of step) {
    const current = t.item.mine;
    if (!current) continue;
    if (mine) await v.send('PUT', v.api('/decisions/' + current.id), { class: mine.class });
    else await v.send('DELETE', v.api('/decisions/' + current.id));
    t.item.mine = mine;
    render(t);
  }
  v.say('undone: ' + step.length);
  paint();
}

function columns() {
  const ts = v.tiles();
  if (ts.length < 2) return 1;
  const top = ts[0].offsetTop;
  const i = ts.findIndex(t => t.offsetTop !== top);
  return i < 0 ? ts.length : i;
}

async function onKey(e) {
  const relabel = document.getElementById('relabel');
  if (e.target === relabel) {
    if (e.key === 'Enter') {
      e.preventDefault();
      const cls = relabel.value.trim();
      if (cls) { await decide(targets(), cls); relabel.value = ''; document.getElementById('mosaic').focus(); }
    } else if (e.key === 'Escape') { relabel.value = ''; document.getElementById('mosaic').focus(); }
    return;
  }
  if (e.target.tagName === 'INPUT' || e.target.tagName === 'SELECT') return;
  const n = v.tiles().length;
  const move = { ArrowRight: 1, ArrowLeft: -1, ArrowDown: columns(), ArrowUp: -columns() }[e.key];
  if (move !== undefined) {
    e.preventDefault();
    const next = Math.max(0, Math.min(n - 1, v.focus + move));
    if (e.shiftKey) { v.selected.add(v.tiles()[v.focus].item.pid); v.selected.add(v.tiles()[next].item.pid); }
    v.focus = next;
    paint();
  } else if (e.key === 'Enter') { e.preventDefault(); await decide(targets(), null); }
  else if (e.key === ' ') { e.preventDefault(); if (v.tiles()[v.focus]) toggle(v.tiles()[v.focus]); paint(); }
  else if (e.key === 'a') { v.tiles().forEach(t => v.selected.add(t.item.pid)); paint(); }
  else if (e.key === 'Escape') { v.selected.clear(); paint(); }
  else if (e.key === 'r' || e.key === '/') { e.preventDefault(); relabel.focus(); }
  else if (e.key === 'u' || (e.key === 'z' && (e.ctrlKey || e.metaKey))) { e.preventDefault(); await undo(); }
  else if (/^[1-9]$/.test(e.key) && v.classes[Number(e.key) - 1]) { await decide(targets(), v.classes[Number(e.key) - 1]); }
  else if (e.key === 'PageDown') { e.preventDefault(); await page(1); }
  else if (e.key === 'PageUp') { e.preventDefault(); await page(-1); }
}

async function page(step) {
  const next = v.offset + step * v.limit;
  if (next < 0 || (v.queue && next >= v.queue.total)) return;
  v.offset = next;
  v.focus = 0;
  await loadQueue();
}

function showWho() {
  const who = document.getElementById('who');
  who.replaceChildren();
  if (v.me.name) {
    const form = hub.el('form', { method: 'post', action: '/logout', class: 'inline' },
      hub.el('input', { type: 'hidden', name: '__RequestVerificationToken', value: v.me.csrfToken }),
      hub.el('button', { type: 'submit', id: 'logout', text: 'Log out' }));
    who.append(v.me.name + ' (' + v.me.role + ') ', form);
  } else {
    who.append(hub.el('a', { href: '/login?returnUrl=' + hub.enc(location.pathname + location.search), id: 'login-link', text: 'Log in to validate' }));
  }
}

document.addEventListener('DOMContentLoaded', async () => {
  hub.header();
  v.params = Object.fromEntries(hub.q.entries());
  v.offset = Number(v.params.offset || 0);
  v.me = await hub.json('/api/v1/auth/me');
  showWho();
  await loadChoices();
  await loadQueue();
  document.addEventListener('keydown', e => { onKey(e).catch(err => v.say(String(err))); });
  document.getElementById('prev').onclick = () => page(-1);
  document.getElementById('next').onclick = () => page(1);
  document.getElementById('mosaic').focus();
  document.body.dataset.ready = 'true';
});
