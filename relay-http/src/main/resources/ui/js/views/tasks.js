// Tasks: a board by status, filtered by agent (as sender or receiver), status and creation time.
import * as api from '../api.js';
import { el, append, clear, ago, field, select, errorLine } from '../dom.js';
import { every } from '../poll.js';

export const STATUSES = ['submitted', 'accepted', 'working', 'input_needed', 'completed', 'failed', 'rejected',
  'cancelled'];

async function load(filters) {
  const common = { status: filters.status, since: filters.since, limit: 200 };
  if (!filters.agent) {
    return (await api.get('/tasks', common)).tasks;
  }
  const [to, from] = await Promise.all([api.get('/tasks', { ...common, to: filters.agent }),
    api.get('/tasks', { ...common, from: filters.agent })]);
  const byId = new Map([...to.tasks, ...from.tasks].map((t) => [t.task_id, t]));
  return [...byId.values()].sort((a, b) => b.created_at.localeCompare(a.created_at));
}

function taskCard(task) {
  return el('li', { class: 'task-card' },
    el('a', { href: `#task/${encodeURIComponent(task.task_id)}`, class: 'task-link', text: task.title || task.task_id }),
    el('p', { class: 'muted' }, `${task.from_agent} → ${task.to_agent} · ${task.priority} · `, ago(task.updated_at)));
}

function board(tasks, onlyStatus) {
  const shown = onlyStatus ? [onlyStatus] : STATUSES;
  return el('div', { class: 'board' }, shown.map((status) => {
    const here = tasks.filter((t) => t.status === status);
    return el('section', { class: 'column', attrs: { 'aria-label': status, 'data-status': status } },
      el('h3', {}, status.replace('_', ' '), ' ', el('span', { class: 'count', text: String(here.length) })),
      el('ul', {}, here.map(taskCard)));
  }));
}

export function render(container) {
  const agent = el('input', { name: 'agent', placeholder: 'any agent', attrs: { autocomplete: 'off' } });
  const status = select('status', ['', ...STATUSES], '');
  const since = el('input', { name: 'since', type: 'datetime-local' });
  const result = el('div', { id: 'task-board' });
  const filters = () => ({ agent: agent.value.trim(), status: status.value,
    since: since.value ? new Date(since.value).toISOString() : '' });
  let shown = null;
  const refresh = async () => {
    try {
      const chosen = filters();
      const tasks = await load(chosen);
      // drawn again only when something changed (or a relative time may have): a redraw moves keyboard focus
      const signature = JSON.stringify([chosen, tasks, Math.floor(Date.now() / 30000)]);
      if (signature === shown) {
        return;
      }
      shown = signature;
      append(clear(result), [board(tasks, chosen.status),
        tasks.length >= 200 ? el('p', { class: 'muted', text: 'Showing the newest 200: narrow the filters to see older ones.' }) : null]);
    } catch (error) {
      clear(result).append(errorLine(error));
    }
  };
  const form = el('form', { class: 'filters', on: { submit: (event) => { event.preventDefault(); refresh(); } } },
    field('Agent', agent), field('Status', status), field('Created since', since),
    el('button', { type: 'submit', text: 'Filter' }));
  container.append(el('h2', { text: 'Tasks' }), form, result);
  return every(5000, refresh);
}
