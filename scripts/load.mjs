// Load generator for `make bench`: N concurrent keep-alive clients for S seconds on loopback.
// Written for Node (on every machine here, no packages needed) so the clients cost the server
// little CPU. Input (argv[2], JSON): {base, clients, seconds, requests: [{path, headers}]}.
// Output (stdout, JSON): {requests, errors, seconds, latencies_ms: [...]}.
import http from "node:http";

const { base, clients, seconds, requests } = JSON.parse(process.argv[2]);
const url = new URL(base);
const agent = new http.Agent({ keepAlive: true, maxSockets: clients });
const latencies = [];
let errors = 0;
const stopAt = performance.now() + seconds * 1000;

function once(spec) {
  return new Promise((resolve) => {
    const started = performance.now();
    const req = http.request(
      { host: url.hostname, port: url.port, path: spec.path, headers: spec.headers, agent },
      (res) => {
        res.on("data", () => {});
        res.on("end", () => {
          latencies.push(performance.now() - started);
          if (res.statusCode !== 200) errors += 1;
          resolve();
        });
      },
    );
    req.on("error", () => {
      latencies.push(performance.now() - started);
      errors += 1;
      resolve();
    });
    req.end();
  });
}

async function client() {
  while (performance.now() < stopAt) {
    await once(requests[Math.floor(Math.random() * requests.length)]);
  }
}

const began = performance.now();
await Promise.all(Array.from({ length: clients }, client));
agent.destroy();
process.stdout.write(
  JSON.stringify({
    requests: latencies.length,
    errors,
    seconds: (performance.now() - began) / 1000,
    latencies_ms: latencies,
  }),
);
