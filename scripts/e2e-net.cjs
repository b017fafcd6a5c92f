// Loopback helpers of the code-server end-to-end scripts (scripts/e2e-code-server.mjs, e2e-code-server-as-vscode.js).
'use strict';
const http = require('node:http');
const net = require('node:net');

/** A TCP port free on 127.0.0.1 right now. */
const freePort = () => new Promise((res) => { const s = net.createServer().listen(0, '127.0.0.1', () => { const p = s.address().port; s.close(() => res(p)); }); });

/** Resolves once `url` answers an HTTP GET, rejects after `ms`. */
const ready = (url, ms) => new Promise((res, rej) => {
  const end = Date.now() + ms;
  const once = () => http.get(url, (r) => { r.resume(); res(); })
    .on('error', () => (Date.now() > end ? rej(new Error('code-server did not start')) : setTimeout(once, 200)));
  once();
});

module.exports = { freePort, ready };
