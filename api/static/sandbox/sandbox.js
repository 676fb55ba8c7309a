// The sandbox page: persona tokens are minted by the sandbox API (POST /sandbox/token),
// requests go to /graphql with the declaration headers, and the decision trace of the
// response's extensions is shown beside the answer.
"use strict";

const tokens = {};
let examples = [];

const $ = (id) => document.getElementById(id);

function cell(row, text, css) {
  const td = document.createElement("td");
  td.textContent = text === null || text === undefined ? "" : String(text);
  if (css) td.className = css;
  row.appendChild(td);
}

async function token(persona) {
  if (persona === "public") return null;
  if (!tokens[persona]) {
    const answer = await fetch("/sandbox/token", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ persona }),
    });
    tokens[persona] = (await answer.json()).token;
  }
  return tokens[persona];
}

async function graphql(query, variables, persona, declaration) {
  const headers = { "content-type": "application/json" };
  const bearer = await token(persona);
  if (bearer) headers.authorization = `Bearer ${bearer}`;
  if (declaration.channel) headers["credit-channel"] = declaration.channel;
  if (declaration.purpose) headers["credit-purpose"] = declaration.purpose;
  if (declaration.authorization) headers["credit-authorization"] = declaration.authorization;
  const answer = await fetch("/graphql", {
    method: "POST", headers, body: JSON.stringify({ query, variables }),
  });
  return answer.json();
}

function showTrace(extensions) {
  const body = $("trace").querySelector("tbody");
  body.replaceChildren();
  const ext = extensions || {};
  $("request-id").textContent = ext.requestId ? `requestId ${ext.requestId}` : "";
  const trace = ext.trace || {};
  $("declaration").textContent = trace.role
    ? `${trace.role} · ${trace.channel} · ${trace.purpose} · policy ${trace.policy}` : "";
  for (const d of ext.decisions || []) {
    const row = document.createElement("tr");
    cell(row, d.resource);
    cell(row, d.allowed ? "allow" : "deny", d.allowed ? "allow" : "deny");
    cell(row, d.rule);
    cell(row, d.article ? `Art. ${d.article}` : "");
    cell(row, d.comment);
    body.appendChild(row);
  }
  const scope = $("scope");
  scope.replaceChildren();
  if (trace.scope) {
    const list = document.createElement("ul");
    const item = (text) => {
      const li = document.createElement("li");
      li.textContent = text;
      list.appendChild(li);
    };
    item(`record kinds seen: ${trace.scope.kinds.join(", ") || "none"}; market: ${trace.scope.market}`);
    for (const f of trace.scope.filters) item(`row filter: ${f}`);
    for (const h of trace.scope.hidden) item(`hidden ${h.category}: ${h.line} (Art. ${h.article}) ${h.comment}`);
    for (const m of trace.scope.masked) item(`desensitized ${m.category}: ${m.line} (Art. ${m.article})`);
    scope.appendChild(list);
  }
}

async function run() {
  let variables = {};
  try { variables = JSON.parse($("variables").value || "{}"); } catch (e) {
    $("answer").textContent = `variables are not JSON: ${e}`;
    return;
  }
  const result = await graphql($("query").value, variables, $("persona").value, {
    channel: $("channel").value, purpose: $("purpose").value.trim(),
    authorization: $("authorization").value.trim(),
  });
  $("answer").textContent = JSON.stringify({ data: result.data, errors: result.errors }, null, 2);
  showTrace(result.extensions);
}

function pick() {
  const e = examples[Number($("example").value)];
  if (!e) return;
  $("persona").value = e.persona;
  $("channel").value = e.channel;
  $("purpose").value = e.purpose;
  $("query").value = e.query;
  $("variables").value = JSON.stringify(e.variables);
}

const REPLAY = `mutation Replay($policy: String!, $model: String) {
  replayPolicy(policy: $policy, model: $model) {
    accesses decisions violations unexercised html
    changes { role channel purpose resource gained accesses line article violations }
  }
}`;

async function replayPolicy() {
  const policyFile = $("policy-file").files[0];
  if (!policyFile) { $("replay-summary").textContent = "choose a proposed policy file"; return; }
  const modelFile = $("model-file").files[0];
  const variables = { policy: await policyFile.text(), model: modelFile ? await modelFile.text() : null };
  const result = await graphql(REPLAY, variables, "public", {});
  const body = $("changes").querySelector("tbody");
  body.replaceChildren();
  $("violations").replaceChildren();
  if (result.errors) { $("replay-summary").textContent = result.errors[0].message; return; }
  const report = result.data.replayPolicy;
  $("replay-summary").textContent =
    `${report.accesses} accesses replayed (${report.decisions} decisions): ` +
    `${report.changes.length} changes, ${report.violations.length} violations`;
  for (const c of report.changes) {
    const row = document.createElement("tr");
    row.className = c.violations.length ? "violation" : (c.gained ? "gained" : "lost");
    for (const v of [c.role, c.channel, c.purpose, c.resource, c.gained ? "gained" : "lost",
      c.accesses, `${c.line} (Art. ${c.article})`, c.violations.join("; ")]) cell(row, v);
    body.appendChild(row);
  }
  for (const v of report.violations) {
    const li = document.createElement("li");
    li.className = "violation";
    li.textContent = v;
    $("violations").appendChild(li);
  }
  for (const line of report.unexercised) {
    const li = document.createElement("li");
    li.textContent = `no recorded access exercises ${line}`;
    $("violations").appendChild(li);
  }
  const link = $("report-link");
  link.href = URL.createObjectURL(new Blob([report.html], { type: "text/html" }));
  link.hidden = false;
}

async function start() {
  const personas = await (await fetch("/sandbox/personas")).json();
  const select = $("persona");
  select.appendChild(new Option("public — 社会公众（匿名）", "public"));
  for (const p of personas) select.appendChild(new Option(`${p.name} — ${p.description}`, p.name));
  examples = await (await fetch("/sandbox/examples")).json();
  examples.forEach((e, i) => $("example").appendChild(new Option(`Art. ${e.article} ${e.title}`, i)));
  $("example").addEventListener("change", pick);
  $("run").addEventListener("click", run);
  $("replay").addEventListener("click", replayPolicy);
  document.body.dataset.ready = "1";
}

start();
