// The bridge as a Claude Code channel, checked with the official TypeScript MCP SDK as a real stdio client:
// channel notifications for messages sent over REST, across a relay restart in mid-session, and resource updates
// of relay://inbox after subscribing; then the same resource updates from the relay's own /mcp, as a Streamable
// HTTP client. Run by mcp-wake-check.sh, which installs the SDK and passes the paths.
import { spawn } from 'node:child_process';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';

const { RELAY_JAR, BRIDGE_JAR, PORT, DATA_DIR, WORK } = process.env;
const RELAY = `http://127.0.0.1:${PORT}`;
const ADMIN = 'wake-check-admin-key-0123456789abcdef0123';
const WAIT_MS = 30000;

let passed = 0;
let failed = 0;
function result(description, ok, detail) {
  if (ok) {
    console.log(`ok: ${description}`);
    passed++;
  } else {
    console.log(`FAILED: ${description}${detail ? ` (${detail})` : ''}`);
    failed++;
  }
}

let relay;
async function startRelay() {
  const { openSync } = await import('node:fs');
  const log = openSync(`${WORK}/relay.log`, 'a');
  relay = spawn('java', ['-jar', RELAY_JAR], {
    env: { ...process.env, RELAY_PORT: PORT, RELAY_HOST: '127.0.0.1', RELAY_DATA_DIR: DATA_DIR,
      RELAY_BOOTSTRAP_TOKEN: ADMIN },
    stdio: ['ignore', log, log],
  });
  for (let i = 0; i < 150; i++) {
    try {
      if ((await fetch(`${RELAY}/api/v1/health`)).ok) return;
    } catch { /* not up yet */ }
    await sleep(200);
  }
  throw new Error(`the relay did not start; see ${WORK}/relay.log`);
}

async function stopRelay() {
  const exited = new Promise((resolve) => relay.once('exit', resolve));
  relay.kill('SIGTERM');
  await exited;
}

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    relay?.kill('SIGTERM');
    process.exit(1);
  });
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function rest(method, path, key, body) {
  const response = await fetch(`${RELAY}${path}`, {
    method,
    headers: { Authorization: `Bearer ${key}`, 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = await response.json();
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${JSON.stringify(json)}`);
  return json;
}

/** Sends a direct message and answers bob's inbox item for it. */
async function message(fromKey, text) {
  const sent = await rest('POST', '/api/v1/messages', fromKey, { to_agent: 'bob', content: text });
  const inbox = await rest('GET', '/api/v1/inbox?limit=200', keys.bob);
  return inbox.items.find((item) => item.message?.message_id === sent.message_id);
}

// every notification the client did not handle otherwise, and the waits for them
const received = [];
const waiters = [];
function notified(notification) {
  received.push(notification);
  for (const waiter of [...waiters]) {
    if (waiter.wanted(notification)) {
      waiters.splice(waiters.indexOf(waiter), 1);
      waiter.resolve(notification);
    }
  }
}
function waitFor(wanted) {
  const found = received.find(wanted);
  if (found) return Promise.resolve(found);
  return new Promise((resolve) => {
    const waiter = { wanted, resolve };
    waiters.push(waiter);
    setTimeout(() => {
      if (waiters.includes(waiter)) {
        waiters.splice(waiters.indexOf(waiter), 1);
        resolve(null);
      }
    }, WAIT_MS);
  });
}
const channelFor = (seq) => (n) => n.method === 'notifications/claude/channel' && n.params?.meta?.seq === String(seq);

const keys = {};
let client;
let http;
try {
  await startRelay();
  for (const agent of ['alice', 'bob']) {
    keys[agent] = (await rest('POST', '/api/v1/agents', ADMIN, { agent_id: agent, trust_tier: 2 })).api_key;
  }

  client = new Client({ name: 'mcp-wake-check', version: '1.0.0' }, { capabilities: {} });
  client.fallbackNotificationHandler = async (notification) => notified(notification);
  await client.connect(new StdioClientTransport({
    command: 'java',
    args: ['-jar', BRIDGE_JAR],
    env: { ...process.env, RELAY_URL: RELAY, RELAY_API_KEY: keys.bob, AGENT_ID: 'bob' },
    stderr: 'ignore',
  }));

  const capabilities = client.getServerCapabilities() ?? {};
  result('initialize declares experimental["claude/channel"] = {}',
    JSON.stringify(capabilities.experimental?.['claude/channel']) === '{}', JSON.stringify(capabilities));
  result('initialize declares resources.subscribe', capabilities.resources?.subscribe === true);
  const instructions = client.getInstructions() ?? '';
  result('the instructions explain channel events, relay_ack and untrusted text',
    instructions.includes('relay_ack') && instructions.includes('untrusted') && instructions.includes('delivery_id'));

  const first = await message(keys.alice, 'please review PR 7');
  const channel = await waitFor(channelFor(first.seq));
  const meta = channel?.params?.meta ?? {};
  result('a message sent over REST arrives as notifications/claude/channel',
    channel !== null && channel.params.content.endsWith('please review PR 7'), JSON.stringify(channel));
  result('its meta has the delivery_id, seq, event and from_agent as strings',
    meta.delivery_id === first.delivery_id && meta.seq === String(first.seq) && meta.event === 'message.new'
      && meta.from_agent === 'alice' && Object.values(meta).every((v) => typeof v === 'string'), JSON.stringify(meta));

  await client.subscribeResource({ uri: 'relay://inbox' });
  const mark = received.length;
  const second = await message(keys.alice, 'second');
  const updated = await waitFor((n) => n.method === 'notifications/resources/updated' && received.indexOf(n) >= mark);
  result('after resources/subscribe a new delivery sends notifications/resources/updated for relay://inbox',
    updated?.params?.uri === 'relay://inbox', JSON.stringify(updated));
  await waitFor(channelFor(second.seq));

  await stopRelay();
  await startRelay();
  const third = await message(keys.alice, 'after the restart');
  const again = await waitFor(channelFor(third.seq));
  result('after a relay restart in mid-session the next message still arrives', again !== null);
  const seqs = received.filter((n) => n.method === 'notifications/claude/channel').map((n) => n.params.meta.seq);
  result('each item arrived once', seqs.length === 3 && new Set(seqs).size === 3, JSON.stringify(seqs));

  const read = await client.readResource({ uri: 'relay://inbox' });
  result('resources/read relay://inbox lists the unacknowledged items',
    read.contents[0]?.text?.startsWith('3 items') && read.contents[0].text.includes('relay_ack'),
    read.contents[0]?.text);
  const inbox = await rest('GET', '/api/v1/inbox?limit=200', keys.bob);
  result('the bridge acknowledged nothing', inbox.pending === 3, `pending ${inbox.pending}`);

  // the relay's own /mcp, as a Streamable HTTP client: updates arrive on the session's GET stream
  http = new Client({ name: 'mcp-wake-check-http', version: '1.0.0' }, { capabilities: {} });
  http.fallbackNotificationHandler = async (notification) => notified({ ...notification, via: 'http' });
  await http.connect(new StreamableHTTPClientTransport(new URL(`${RELAY}/mcp`),
    { requestInit: { headers: { Authorization: `Bearer ${keys.bob}` } } }));
  const listed = await http.listResources();
  result('/mcp lists relay://inbox', listed.resources.some((r) => r.uri === 'relay://inbox'),
    JSON.stringify(listed.resources));
  await http.subscribeResource({ uri: 'relay://inbox' });
  const before = received.length;
  await message(keys.alice, 'to the /mcp session');
  const overHttp = await waitFor((n) => n.via === 'http' && n.method === 'notifications/resources/updated'
    && received.indexOf(n) >= before);
  result('/mcp: after resources/subscribe a new delivery sends notifications/resources/updated on the GET stream',
    overHttp?.params?.uri === 'relay://inbox', JSON.stringify(overHttp));
} catch (error) {
  result('the check ran to its end', false, error?.stack ?? String(error));
} finally {
  await client?.close().catch(() => {});
  await http?.close().catch(() => {});
  if (relay && relay.exitCode === null) await stopRelay();
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
