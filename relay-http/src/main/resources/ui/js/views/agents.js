// Agents: who is registered, online, how deep each inbox is and how its webhook fares; tier-1 admin actions.
import * as api from '../api.js';
import { el, append, clear, ago, table, field, select, confirmAction, errorLine, secretBox } from '../dom.js';
import { every } from '../poll.js';

function webhookCell(figures) {
  const webhook = figures && figures.webhook;
  if (!webhook) {
    return '—';
  }
  const parts = [];
  if (webhook.disabled_at) {
    parts.push(el('span', { class: 'badge bad', text: 'disabled' }), ' ', ago(webhook.disabled_at));
  } else if (webhook.last_attempt_at) {
    const ok = webhook.last_outcome === 'delivered';
    parts.push(el('span', { class: `badge ${ok ? 'good' : 'bad'}`, text: webhook.last_outcome }), ' ',
      ago(webhook.last_attempt_at));
  } else {
    parts.push(el('span', { class: 'badge', text: 'no attempt yet' }));
  }
  if (webhook.failures > 0) {
    parts.push(el('span', { class: 'muted', text: ` · ${webhook.failures} failed since last success` }));
  }
  return el('span', {}, parts);
}

function actions(session, agent, notice, refresh) {
  if (!session.tier1) {
    return '';
  }
  const rotate = el('button', { type: 'button', text: 'Rotate key', on: { click: async () => {
    if (!await confirmAction(`Rotate the key of ${agent.agent_id}? Its current key stops working at once.`)) {
      return;
    }
    try {
      const answer = await api.post(`/agents/${encodeURIComponent(agent.agent_id)}/keys`, {});
      clear(notice).append(secretBox(`New key of ${agent.agent_id}`, answer.api_key));
    } catch (error) {
      clear(notice).append(errorLine(error));
    }
  } } });
  const remove = el('button', { type: 'button', class: 'danger', text: 'Remove', on: { click: async () => {
    if (!await confirmAction(`Remove agent ${agent.agent_id}? Its key stops working at once.`)) {
      return;
    }
    try {
      await api.del(`/agents/${encodeURIComponent(agent.agent_id)}`);
      clear(notice).append(el('p', { attrs: { role: 'status' }, text: `Removed ${agent.agent_id}.` }));
      refresh();
    } catch (error) {
      clear(notice).append(errorLine(error));
    }
  } } });
  const send = el('a', { class: 'button', href: `#live/${encodeURIComponent(agent.agent_id)}`, text: 'Send…' });
  return el('span', { class: 'row' }, send, rotate, remove);
}

function registerForm(notice, refresh) {
  const id = el('input', { name: 'agent_id', required: true, placeholder: 'worker-1',
    attrs: { pattern: '[a-z0-9][a-z0-9._\\-]{0,63}', autocomplete: 'off' } });
  const name = el('input', { name: 'name', placeholder: 'Worker one' });
  const tier = select('trust_tier', ['2', '3', '1'], '2');
  const method = select('method', ['poll', 'sse', 'webhook'], 'poll');
  const url = el('input', { name: 'webhook_url', type: 'url', placeholder: 'https://… (webhook only)' });
  const sendTo = el('input', { name: 'can_send_to', value: '*', placeholder: 'ids, comma-separated, or *' });
  const form = el('form', { class: 'panel', id: 'register-form', on: { submit: async (event) => {
    event.preventDefault();
    const body = { agent_id: id.value.trim(), trust_tier: Number(tier.value),
      contact: { method: method.value },
      permissions: { can_send_to: sendTo.value.split(',').map((s) => s.trim()).filter(Boolean) } };
    if (name.value.trim()) {
      body.name = name.value.trim();
    }
    if (method.value === 'webhook') {
      body.contact.webhook_url = url.value.trim();
    }
    try {
      const answer = await api.post('/agents', body);
      append(clear(notice), [secretBox(`Key of ${answer.agent.agent_id}`, answer.api_key),
        answer.webhook_secret ? secretBox('Webhook signing secret', answer.webhook_secret) : null]);
      form.reset();
      refresh();
    } catch (error) {
      clear(notice).append(errorLine(error));
    }
  } } },
  el('h3', { text: 'Register an agent' }),
  el('div', { class: 'fields' }, field('Agent id', id), field('Name', name), field('Trust tier', tier),
    field('Contact', method), field('Webhook URL', url), field('May send to', sendTo)),
  el('button', { type: 'submit', text: 'Register' }));
  return form;
}

export function render(container, session) {
  const notice = el('div', { class: 'notice', id: 'agents-notice' });
  const list = el('div', { id: 'agents-list' });
  container.append(el('h2', { text: 'Agents' }), notice, list);
  let shown = null;
  const load = async () => {
    try {
      const [{ agents }, figures] = await Promise.all([api.get('/agents'),
        session.tier1 ? api.get('/stats/agents') : Promise.resolve({ agents: [] })]);
      // drawn again only when something changed (or a relative time may have): a redraw moves keyboard focus
      const signature = JSON.stringify([agents, figures, Math.floor(Date.now() / 30000)]);
      if (signature === shown) {
        return;
      }
      shown = signature;
      clear(list).append(agentTable(session, agents, figures.agents, notice, load));
    } catch (error) {
      clear(list).append(errorLine(error));
    }
  };
  if (session.tier1) {
    container.append(registerForm(notice, load));
  } else {
    container.append(el('p', { class: 'muted', text: 'Inbox depth and webhook health of every agent need a tier-1 key.' }));
  }
  return every(5000, load);
}

function agentTable(session, agents, figures, notice, refresh) {
  const byId = new Map(figures.map((f) => [f.agent_id, f]));
  const columns = [
    { title: 'Id', cell: (a) => el('code', { text: a.agent_id }) },
    { title: 'Name', cell: (a) => a.name },
    { title: 'Tier', cell: (a) => String(a.trust_tier) },
    { title: 'Status', cell: (a) => el('span', { class: `badge status-${a.status}`, text: a.status }) },
    { title: 'Last seen', cell: (a) => ago(a.last_seen) },
    { title: 'Contact', cell: (a) => a.contact.method },
    { title: 'Inbox', cell: (a) => (byId.has(a.agent_id)
      ? el('span', { class: 'depth', attrs: { 'data-agent': a.agent_id }, text: String(byId.get(a.agent_id).pending) })
      : '—') },
    { title: 'Webhook', cell: (a) => webhookCell(byId.get(a.agent_id)) },
  ];
  if (session.tier1) {
    columns.push({ title: 'Actions', cell: (a) => actions(session, a, notice, refresh) });
  }
  return table(columns, agents, `${agents.length} agents`);
}
