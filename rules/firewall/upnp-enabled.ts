import { uciBool } from '../../core/firewall/uci';
import { defineFirewallRule } from '../define';
import { rangeOf, replaceSpan } from './_shared';

export default defineFirewallRule({
  id: 'firewall/upnp-enabled',
  severity: 'warning',
  description: 'UPnP/NAT-PMP lets any device of the LAN open ports of the router to the Internet.',
  tags: ['security', 'network', 'router', 'openwrt'],
  sources: ['OpenWrt miniupnpd package defaults (enabled \'0\')', 'OWASP IoTGoat (UPnP enabled, secure_mode 0)',
    'Rapid7 (HD Moore), "Security Flaws in Universal Plug and Play: Unplug, Don\'t Play", 2013'],
  fix: 'unsafe',
  profile: 'recommended',
  messages: {
    enabled: 'UPnP/NAT-PMP is on: any program on any LAN device (malware included) can open ports of the router to the Internet without asking. Turn it off unless a device really needs it; forward those ports by hand instead.',
    insecure: 'UPnP/NAT-PMP is on with {setting}: any LAN device can open ports of the router to the Internet, even towards other devices of the LAN. Turn it off, or at least set secure_mode \'1\' / allow_third_party_mapping \'0\'.',
    fixDisable: 'Set enabled to \'0\' (turns UPnP off: consoles and peer-to-peer programs lose automatic port forwarding)',
  },
}, (ctx, report) => {
  if (ctx.format !== 'uci-upnpd') return;
  for (const s of ctx.uci?.sections ?? []) {
    if (s.type !== 'upnpd') continue;
    const enabled = s.options.get('enabled');
    if (!enabled || uciBool(enabled.value) !== true) continue;
    // Old format: `enable_upnp` / `enable_natpmp` choose the protocols; both off means nothing listens.
    const upnp = uciBool(s.options.get('enable_upnp')?.value);
    const natpmp = uciBool(s.options.get('enable_natpmp')?.value);
    if (upnp === false && natpmp === false) continue;
    const secure = s.options.get('secure_mode');
    const thirdParty = s.options.get('allow_third_party_mapping');
    const setting = secure && uciBool(secure.value) === false ? `secure_mode '${secure.value}'`
      : thirdParty && uciBool(thirdParty.value) === true ? `allow_third_party_mapping '${thirdParty.value}'` : undefined;
    const fixes = [{ messageId: 'fixDisable', safety: 'unsafe' as const, edits: [replaceSpan(enabled.inner, '0')] }];
    if (setting) report({ messageId: 'insecure', data: { setting }, severity: 'error', range: rangeOf(ctx, enabled.span), fixes });
    else report({ messageId: 'enabled', range: rangeOf(ctx, enabled.span), fixes });
  }
});
