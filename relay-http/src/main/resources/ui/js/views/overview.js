// Overview: /health for everyone, /stats for tier 1, refreshed every two seconds.
import * as api from '../api.js';
import { el, clear, errorLine } from '../dom.js';
import { every } from '../poll.js';

function card(title, value, detail) {
  return el('div', { class: 'card' }, el('h3', { text: title }), el('p', { class: 'figure', text: value }),
    detail ? el('p', { class: 'muted', text: detail }) : null);
}

function healthCards(health) {
  return [
    card('Status', health.status, `version ${health.version}`),
    card('Uptime', formatUptime(health.uptime_seconds)),
    card('Agents', health.agents),
    card('Pending deliveries', health.pending_deliveries),
  ];
}

function statsCards(stats) {
  const tasks = Object.entries(stats.tasks).map(([status, n]) => `${status} ${n}`).join(' · ') || 'none yet';
  return [
    card('Online agents', `${stats.agents.online} / ${stats.agents.total}`),
    card('Tasks', Object.values(stats.tasks).reduce((a, b) => a + b, 0), tasks),
    card('Messages', stats.messages),
    card('Deliveries', `${stats.deliveries.pending} pending`, `${stats.deliveries.acked} acknowledged`),
    card('Webhooks', `${stats.webhooks.succeeded} / ${stats.webhooks.attempts}`,
      `${stats.webhooks.failed} given up · ${stats.webhooks.disabled} disabled`),
    card('Listeners', stats.sse_subscribers, `SSE streams · ${stats.long_poll_waiters} long-polls waiting`),
  ];
}

function formatUptime(seconds) {
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  return h > 0 ? `${h} h ${m} min` : `${m} min ${seconds % 60} s`;
}

export function render(container, session) {
  const cards = el('div', { class: 'cards', id: 'overview-cards' });
  const updated = el('p', { class: 'muted' });
  container.append(el('h2', { text: 'Overview' }), cards, updated);
  return every(2000, async () => {
    try {
      const health = await api.get('/health');
      const stats = session.tier1 ? await api.get('/stats') : null;
      clear(cards).append(...healthCards(health), ...(stats ? statsCards(stats) : []));
      updated.textContent = `Updated ${new Date().toLocaleTimeString()}${stats ? '' : ' · relay statistics need a tier-1 key'}`;
    } catch (error) {
      clear(cards).append(errorLine(error));
    }
  });
}
