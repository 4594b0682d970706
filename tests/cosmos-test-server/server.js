#!/usr/bin/env node
// Local Cosmos DB stand-in for the storage tests: @vercel/cosmosdb-server (in-memory, speaks the
// Cosmos REST API) plus the few fixes the .NET SDK needs, each of which restores what the real
// service does. The fixes live here, never in the backend: the backend must run unchanged against
// a real account or the official emulator.
//
// Usage: node server.js [--port N] [--host 127.0.0.1] [--exit-with-stdin]
// Prints one line "READY https://HOST:PORT/" on stdout once listening (port 0 picks a free port).
// With --exit-with-stdin it exits when its stdin closes, so a test process that dies cannot leave
// the server behind.
// COSMOS_TEST_SERVER_LOG=1 logs every request to stderr. README.md lists the deviations fixed here
// and those left alone.
"use strict";

const { createHttpsServer } = require("@vercel/cosmosdb-server");

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 && i + 1 < args.length ? args[i + 1] : fallback;
};
const host = option("--host", "127.0.0.1");
const port = parseInt(option("--port", "0"), 10);
const log = process.env.COSMOS_TEST_SERVER_LOG === "1";

const header = (req, name) => String(req.headers[name] || "").toLowerCase();
const isDocumentPath = (url) => /^\/+dbs\/[^/]+\/colls\/[^/]+\/docs\/[^/?]+\/?(\?.*)?$/.test(url);
const isDocumentsPath = (url) => /^\/+dbs\/[^/]+\/colls\/[^/]+\/docs\/?(\?.*)?$/.test(url);

// Fix 1 (query plan). On Linux the SDK cannot parse queries itself, so before a cross-partition
// query it asks the gateway for a query plan (POST .../docs with x-ms-cosmos-is-query-plan-request).
// Cosmos answers with a PartitionedQueryExecutionInfo; the server would run the request as a query
// and the SDK fails to read the result. We answer with the plan "send the query unchanged to every
// partition key range" (no ORDER BY/TOP/aggregate rewriting). That plan is exact for this server:
// it has a single partition key range and evaluates ORDER BY and TOP itself, so the one range's
// results are already the final, ordered results. (The backend never issues DISTINCT, GROUP BY,
// aggregates or OFFSET/LIMIT, whose plans would need client-side work.)
function answerQueryPlan(res) {
  const plan = {
    partitionedQueryExecutionInfoVersion: 2,
    queryInfo: {
      distinctType: "None",
      top: null,
      offset: null,
      limit: null,
      orderBy: [],
      orderByExpressions: [],
      groupByExpressions: [],
      groupByAliases: [],
      aggregates: [],
      groupByAliasToAggregateType: {},
      rewrittenQuery: "",
      hasSelectValue: false,
      dCountInfo: null,
      hasNonStreamingOrderBy: false,
    },
    queryRanges: [{ min: "", max: "FF", isMinInclusive: true, isMaxInclusive: false }],
  };
  res.statusCode = 200;
  res.setHeader("content-type", "application/json");
  res.setHeader("x-ms-request-charge", "0");
  res.end(JSON.stringify(plan));
}

// Keep-alive: the server sends "connection: close" on every response unless asked not to, which
// costs a TLS handshake per request; Cosmos keeps connections open.
const server = createHttpsServer({ keepAlive: true });
const [serve] = server.listeners("request");
server.removeAllListeners("request");

server.on("request", (req, res) => {
  if (log) {
    process.stderr.write(`${req.method} ${req.url} pk=${req.headers["x-ms-documentdb-partitionkey"] || ""}\n`);
  }

  if (req.method === "POST" && isDocumentsPath(req.url) && header(req, "x-ms-cosmos-is-query-plan-request") === "true") {
    req.resume();
    answerQueryPlan(res);
    return;
  }

  // Fix 2 (missing item). Reading a document that does not exist makes the server throw while
  // comparing partition key values (a TypeError it turns into 500); Cosmos answers 404 NotFound,
  // which the SDK and every caller rely on. The rewrite applies only to that exact failure.
  if (req.method === "GET" && isDocumentPath(req.url)) {
    const end = res.end.bind(res);
    res.end = (body, ...rest) => {
      if (res.statusCode === 500 && typeof body === "string" && body.includes("Cannot read properties of undefined")) {
        res.statusCode = 404;
        body = JSON.stringify({ code: "NotFound", message: "Entity with the specified id does not exist in the system." });
      }
      return end(body, ...rest);
    };
  }

  serve(req, res);
});

// The server logs every handler exception with console.error; the one rewritten above is expected.
const consoleError = console.error;
console.error = (...items) => {
  if (items.length === 1 && items[0] instanceof TypeError && /Cannot read properties of undefined/.test(items[0].message)) {
    return;
  }
  consoleError(...items);
};

server.keepAliveTimeout = 60000;
server.listen(port, host, () => {
  const address = server.address();
  process.stdout.write(`READY https://${address.address}:${address.port}/\n`);
});

if (args.includes("--exit-with-stdin")) {
  process.stdin.on("end", () => process.exit(0));
  process.stdin.on("error", () => process.exit(0));
  process.stdin.resume();
}
