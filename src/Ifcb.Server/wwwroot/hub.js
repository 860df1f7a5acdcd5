// Shared helpers for the hub's pages: no framework, no CDN; everything comes from the hub's JSON API.
'use strict';
const hub = {
  q: new URLSearchParams(location.search),
  async json(url) { const r = await fetch(url); if (!r.ok) throw new Error(url + ': ' + r.status); return r.json(); },
  el(tag, attrs, ...children) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) { if (k === 'text') e.textContent = v; else e.setAttribute(k, v); }
    for (const c of children) e.append(c);
    return e;
  },
  fmt(x, digits) { return x == null ? '' : Number(x).toLocaleString('en-US', { maximumFractionDigits: digits ?? 1 }); },
  time(iso) { return iso ? iso.replace('T', ' ').replace('Z', ' UTC') : ''; },
  enc: encodeURIComponent,
  header() {
    document.body.prepend(hub.el('header', {}, hub.el('b', { text: 'IFCB HAB hub' }),
      hub.el('a', { href: '/', text: 'Overview' }), hub.el('a', { href: '/alerts', text: 'Alerts' }),
      hub.el('a', { href: '/validate', text: 'Validate' }),
      hub.el('a', { href: '/openapi/v1.json', text: 'API' })));
  },
};
