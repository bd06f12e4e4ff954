// Sending a direct message or a new task (tier-1 action); the answer's receipts say whose inbox it reached.
import * as api from '../api.js';
import { el, clear, field, select, errorLine } from '../dom.js';

export function sendForm(toAgent) {
  const kind = select('kind', ['message', 'task'], 'message');
  const to = el('input', { name: 'to_agent', required: true, value: toAgent || '', placeholder: 'agent id',
    attrs: { autocomplete: 'off' } });
  const title = el('input', { name: 'title', placeholder: 'task title (tasks only)' });
  const content = el('textarea', { name: 'content', required: true, placeholder: 'text to send',
    attrs: { rows: '3' } });
  const result = el('div', { class: 'notice' });
  const form = el('form', { id: 'send-form', on: { submit: async (event) => {
    event.preventDefault();
    try {
      const answer = kind.value === 'task'
        ? await api.post('/tasks', { to_agent: to.value.trim(), title: title.value.trim() || content.value.slice(0, 120),
          content: content.value })
        : await api.post('/messages', { to_agent: to.value.trim(), content: content.value });
      const id = answer.task_id && kind.value === 'task' ? answer.task_id : answer.message_id;
      const link = kind.value === 'task' ? el('a', { href: `#task/${encodeURIComponent(id)}`, text: id }) : el('code', { text: id });
      clear(result).append(el('p', { attrs: { role: 'status' } }, 'Sent ', link, ` to ${to.value.trim()}.`));
      content.value = '';
    } catch (error) {
      clear(result).append(errorLine(error));
    }
  } } },
  el('div', { class: 'fields' }, field('Kind', kind), field('To agent', to), field('Title', title)),
  field('Content', content),
  el('button', { type: 'submit', text: 'Send' }), result);
  return form;
}
