// The relay's A2A bindings against the official JavaScript SDK's client (@a2a-js/sdk): for each binding, the
// card, a send to an offline agent, the agent's work over REST, and the task seen through GetTask,
// SubscribeToTask and a push config. Arguments: relay URL, the admin key, the caller's and the worker's keys.
import { createHmac } from 'node:crypto';
import { createServer } from 'node:http';
import { ClientFactory, ClientFactoryOptions, JsonRpcTransportFactory, RestTransportFactory } from '@a2a-js/sdk/client';
import { Role, TaskState } from '@a2a-js/sdk';

const [relay, , callerKey, workerKey] = process.argv.slice(2);
let passed = 0;
let failed = 0;
function check(description, ok, detail = '') {
  if (ok) {
    passed++;
    console.log(`ok: ${description}`);
  } else {
    failed++;
    console.log(`FAILED: ${description}${detail ? ` (${detail})` : ''}`);
  }
}

// the push receiver: records every request
const pushes = [];
const waiting = [];
const receiver = createServer((req, res) => {
  let body = '';
  req.on('data', (chunk) => (body += chunk));
  req.on('end', () => {
    pushes.push({ headers: req.headers, body });
    waiting.splice(0).forEach((wake) => wake());
    res.writeHead(200).end();
  });
});
await new Promise((resolve) => receiver.listen(0, '127.0.0.1', resolve));
const receiverUrl = `http://127.0.0.1:${receiver.address().port}/push`;
async function pushesOf(taskId, count) {
  const deadline = Date.now() + 30000;
  for (;;) {
    const mine = pushes.filter((p) => p.body.includes(taskId));
    if (mine.length >= count || Date.now() > deadline) return mine;
    await new Promise((resolve) => {
      waiting.push(resolve);
      setTimeout(resolve, deadline - Date.now());
    });
  }
}

const withKey = (key) => (url, init = {}) => {
  const headers = new Headers(init.headers);
  headers.set('Authorization', `Bearer ${key}`);
  return fetch(url, { ...init, headers });
};
async function rest(method, path, body) {
  const response = await fetch(relay + path, {
    method,
    headers: { Authorization: `Bearer ${workerKey}`, 'Content-Type': 'application/json' },
    body: body && JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
  return response.json();
}

const card = await (await fetch(`${relay}/a2a/worker/.well-known/agent-card.json`)).json();
check('card: both bindings, streaming and push notifications',
  card.supportedInterfaces.map((i) => i.protocolBinding).join(',') === 'JSONRPC,HTTP+JSON'
    && card.capabilities.streaming === true && card.capabilities.pushNotifications === true, JSON.stringify(card));

for (const binding of ['JSONRPC', 'HTTP+JSON']) {
  try {
    const fetchImpl = withKey(callerKey);
    const factory = new ClientFactory(ClientFactoryOptions.createFrom(ClientFactoryOptions.default, {
      transports: [new JsonRpcTransportFactory({ fetchImpl }), new RestTransportFactory({ fetchImpl })],
      preferredTransports: [binding],
    }));
    const client = await factory.createFromUrl(`${relay}/a2a/worker/.well-known/agent-card.json`, '');
    check(`${binding}: client from the card speaks ${binding} ${client.protocolVersion}`,
      client.transport.protocolName === binding && client.protocolVersion === '1.0',
      `${client.transport.protocolName} ${client.protocolVersion}`);

    const sent = await client.sendMessage({
      message: {
        messageId: `check-${binding}-${Date.now()}`, role: Role.ROLE_USER,
        parts: [{ content: { $case: 'text', value: `summarise, over ${binding}` } }],
      },
      configuration: { returnImmediately: true },
    });
    const taskId = sent.id;
    check(`${binding}: SendMessage to the offline agent answers a submitted task`,
      sent.status?.state === TaskState.TASK_STATE_SUBMITTED, JSON.stringify(sent));

    const config = await client.createTaskPushNotificationConfig({ taskId, url: receiverUrl, token: 'tok-check' });
    check(`${binding}: CreateTaskPushNotificationConfig`, config.url === receiverUrl, JSON.stringify(config));

    const stream = client.resubscribeTask({ id: taskId });
    const first = await stream.next();
    check(`${binding}: SubscribeToTask starts with the task`, first.value?.payload?.$case === 'task'
      && first.value.payload.value.id === taskId, JSON.stringify(first.value));

    await rest('PUT', `/api/v1/tasks/${taskId}`, { status: 'accepted' });
    await rest('PUT', `/api/v1/tasks/${taskId}`, { status: 'working' });
    await rest('POST', `/api/v1/tasks/${taskId}/artifacts`, { name: 'summary', content: 'short' });
    await rest('PUT', `/api/v1/tasks/${taskId}`, { status: 'completed' });

    const seen = [];
    for await (const event of stream) {
      const { $case, value } = event.payload;
      seen.push($case === 'statusUpdate' ? `status ${TaskState[value.status.state]}`
        : $case === 'artifactUpdate' ? `artifact ${value.artifact.name}` : $case);
    }
    check(`${binding}: the stream follows the task to its end`,
      seen.join(', ') === 'status TASK_STATE_SUBMITTED, status TASK_STATE_WORKING, artifact summary, '
        + 'status TASK_STATE_COMPLETED', seen.join(', '));

    const task = await client.getTask({ id: taskId });
    check(`${binding}: GetTask shows it completed, with its artifact and history`,
      task.status.state === TaskState.TASK_STATE_COMPLETED && task.artifacts.length === 1
        && task.artifacts[0].parts[0].content.value === 'short' && task.history[0].role === Role.ROLE_USER,
      JSON.stringify(task));

    const received = await pushesOf(taskId, 4);
    const signedOk = received.every((p) => {
      const expected = 'v1,' + createHmac('sha256', 'tok-check')
        .update(`${p.headers['webhook-id']}.${p.headers['webhook-timestamp']}.${p.body}`).digest('base64');
      return p.headers['x-a2a-notification-token'] === 'tok-check' && p.headers['webhook-signature'] === expected;
    });
    const last = received.length && JSON.parse(received[received.length - 1].body);
    check(`${binding}: the push config got every update, signed, the last one completed`,
      received.length === 4 && signedOk && last.statusUpdate?.status?.state === 'TASK_STATE_COMPLETED',
      `${received.length} pushes: ${received.map((p) => p.body).join(' | ')}`);
  } catch (error) {
    check(`${binding}: the whole exchange`, false, error?.stack ?? String(error));
  }
}
receiver.close();
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
