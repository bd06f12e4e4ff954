// Forwards every request to the relay's /mcp with an Authorization header added: the conformance suite's
// client has no way to send one. Usage: node auth-proxy.mjs <listen-port> <relay-base-url> <api-key>
import http from "node:http";
const [port, target, key] = process.argv.slice(2);
const base = new URL(target);
http.createServer((req, res) => {
  const headers = { ...req.headers, authorization: `Bearer ${key}` };
  const upstream = http.request({ hostname: base.hostname, port: base.port, path: req.url, method: req.method, headers },
    (answer) => { res.writeHead(answer.statusCode, answer.headers); answer.pipe(res); });
  upstream.on("error", (e) => { res.writeHead(502); res.end(String(e)); });
  req.pipe(upstream);
}).listen(Number(port), "127.0.0.1", () => console.error(`auth proxy on ${port} -> ${target}`));
