// Audit (tier 1): the permanent log, filtered by agent, task, event and time, oldest first, a page at a time.
import * as api from '../api.js';
import { el, clear, table, field, errorLine } from '../dom.js';

export function render(container) {
  const agent = el('input', { name: 'agent', placeholder: 'actor or subject', attrs: { autocomplete: 'off' } });
  const task = el('input', { name: 'task', placeholder: 'task_…', attrs: { autocomplete: 'off' } });
  const event = el('input', { name: 'event', placeholder: 'e.g. task.created', attrs: { autocomplete: 'off' } });
  const since = el('input', { name: 'since', type: 'datetime-local' });
  const result = el('div', { id: 'audit-entries' });
  const more = el('button', { type: 'button', text: 'Next page', hidden: true });
  let cursor = null;
  const search = async (next) => {
    try {
      const page = await api.get('/audit', { agent: agent.value.trim(), task: task.value.trim(),
        event: event.value.trim(), since: since.value ? new Date(since.value).toISOString() : '',
        cursor: next ? cursor : '', limit: 100 });
      cursor = page.next_cursor;
      more.hidden = !cursor;
      clear(result).append(table([
        { title: 'At', cell: (e) => el('time', { text: e.at.replace('T', ' ').replace('Z', ''), attrs: { datetime: e.at } }) },
        { title: 'Actor', cell: (e) => e.actor },
        { title: 'Event', cell: (e) => el('code', { text: e.event }) },
        { title: 'Subject', cell: (e) => `${e.subject_type || ''} ${e.subject_id || ''}` },
        { title: 'Task', cell: (e) => (e.task_id ? el('a', { href: `#task/${encodeURIComponent(e.task_id)}`, text: e.task_id }) : '') },
        { title: 'Detail', cell: (e) => el('pre', { class: 'detail', text: e.detail ? JSON.stringify(e.detail) : '' }) },
      ], page.entries, `${page.entries.length} entries, oldest first`));
    } catch (error) {
      clear(result).append(errorLine(error));
    }
  };
  more.addEventListener('click', () => search(true));
  container.append(el('h2', { text: 'Audit log' }),
    el('form', { class: 'filters', on: { submit: (e) => { e.preventDefault(); search(false); } } },
      field('Agent', agent), field('Task', task), field('Event', event), field('Since', since),
      el('button', { type: 'submit', text: 'Search' })),
    result, more);
  search(false);
  return null;
}
