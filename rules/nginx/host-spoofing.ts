import { isHere, replaceArg } from '../../core/nginx/context';
import { defineNginxRule } from '../define';
import { checkedNamed, lowerCase, rangeOfArg } from './_common';

/** `$http_host`, `${http_host}`, `$arg_x`: the whole value is a request header or a query argument. */
const CLIENT_VALUE = /^\$(?:\{(http_[a-z0-9_]+|arg_[a-z0-9_]+)\}|(http_[a-z0-9_]+|arg_[a-z0-9_]+))$/i;

export default defineNginxRule({
  id: 'nginx/host-spoofing',
  severity: 'warning',
  description: 'The Host header sent to the upstream is copied from the client without validation.',
  tags: ['security', 'proxy', 'gixy'],
  sources: ['gixy host_spoofing', 'nginx docs: $host, $http_host'],
  fix: 'safe',
  profile: 'recommended',
  messages: {
    httpHost: '`proxy_set_header Host {value}` forwards whatever Host the client sent, even one no server_name accepts; the application may build links, password-reset mails or cache keys from it. Use $host, which nginx has checked and matched against server_name.',
    clientValue: '`proxy_set_header Host {value}` lets the client choose the Host header the upstream sees. Use $host.',
    fixHost: 'Use $host instead of {value} (the port the client typed is no longer passed on)',
  },
}, (ctx, report) => {
  for (const d of checkedNamed(ctx, 'proxy_set_header')) {
    if (d.args.length !== 2 || lowerCase(d.args[0]) !== 'host') continue;
    const m = CLIENT_VALUE.exec(d.args[1]);
    if (!m) continue;
    const variable = (m[1] ?? m[2]).toLowerCase();
    const range = rangeOfArg(ctx, d, 1);
    if (!range) continue;
    const value = d.args[1];
    if (variable === 'http_host') {
      report({
        messageId: 'httpHost', data: { value }, range,
        fixes: isHere(ctx, d) ? [{ messageId: 'fixHost', data: { value }, safety: 'safe', edits: [replaceArg(d, 1, '$host')] }] : [],
      });
    } else if (variable.startsWith('http_') || variable.startsWith('arg_')) {
      report({ messageId: 'clientValue', data: { value }, range });
    }
  }
});
