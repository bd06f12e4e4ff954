// One task: what was asked, the thread of messages, the artifacts; the sender or tier 1 may cancel it.
import * as api from '../api.js';
import { el, append, clear, ago, errorLine, confirmAction } from '../dom.js';

const TERMINAL = ['completed', 'failed', 'rejected', 'cancelled'];

/** One part: text as text, data as formatted JSON, a file as a link (http/https only) or its size. */
export function part(p) {
  if (p.kind === 'text') {
    return el('pre', { class: 'part text', text: p.text });
  }
  if (p.kind === 'data') {
    return el('pre', { class: 'part data', text: JSON.stringify(p.data, null, 2) });
  }
  const file = p.file || {};
  const label = `${file.name || 'file'}${file.mime_type ? ` (${file.mime_type})` : ''}`;
  if (file.uri && /^https?:\/\//i.test(file.uri)) {
    return el('p', { class: 'part file' }, el('a', { href: file.uri, text: label, rel: 'noopener noreferrer',
      target: '_blank' }));
  }
  const bytes = file.bytes ? Math.floor((file.bytes.length * 3) / 4) - (file.bytes.match(/=*$/)[0].length) : 0;
  return el('p', { class: 'part file', text: `${label} · ${bytes} bytes` });
}

function message(m) {
  return el('li', { class: 'message' },
    el('p', { class: 'meta' }, el('strong', { text: m.from_agent }), ` → ${m.to_agent} · ${m.role} · `, ago(m.created_at)),
    (m.parts || []).map(part));
}

function artifact(a) {
  return el('li', { class: 'artifact' }, el('p', { class: 'meta' }, el('strong', { text: a.name || a.artifact_id }), ' · ',
    ago(a.created_at)), (a.parts || []).map(part));
}

function cancelButton(session, task, notice, reload) {
  const mayCancel = session.tier1 || task.from_agent === session.me.agent_id;
  if (!mayCancel || TERMINAL.includes(task.status)) {
    return null;
  }
  return el('button', { type: 'button', class: 'danger', text: 'Cancel task', on: { click: async () => {
    if (!await confirmAction(`Cancel task "${task.title}"? A cancelled task cannot be reopened.`)) {
      return;
    }
    try {
      await api.put(`/tasks/${encodeURIComponent(task.task_id)}`, { status: 'cancelled' });
      reload();
    } catch (error) {
      clear(notice).append(errorLine(error));
    }
  } } });
}

export function render(container, session, taskId) {
  const notice = el('div', { class: 'notice' });
  const body = el('div', { id: 'task-detail' });
  container.append(el('p', {}, el('a', { href: '#tasks', text: '← All tasks' })), notice, body);
  const reload = async () => {
    try {
      const task = await api.get(`/tasks/${encodeURIComponent(taskId)}`);
      append(clear(body), [
        el('h2', { text: task.title || task.task_id }),
        el('p', { class: 'row' }, el('span', { class: `badge status-${task.status}`, attrs: { id: 'task-status' }, text: task.status }),
          ` ${task.from_agent} → ${task.to_agent} · priority ${task.priority} · created `, ago(task.created_at),
          ' · updated ', ago(task.updated_at), cancelButton(session, task, notice, reload)),
        el('p', { class: 'muted' }, el('code', { text: task.task_id }), task.due_by ? ` · due ${task.due_by}` : ''),
        task.description ? el('p', { class: 'description', text: task.description }) : null,
        (task.parts || []).map(part),
        el('h3', { text: `Thread (${(task.messages || []).length})` }),
        el('ol', { class: 'thread', id: 'thread' }, (task.messages || []).map(message)),
        el('h3', { text: `Artifacts (${(task.artifacts || []).length})` }),
        el('ul', { class: 'artifacts' }, (task.artifacts || []).map(artifact))]);
    } catch (error) {
      clear(body).append(errorLine(error));
    }
  };
  reload();
  return null;
}
