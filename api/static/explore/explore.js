// The investigators' explorer: every answer comes from the same policy-checked, audited
// GraphQL API as any agency's application (channel and purpose declared in headers).
'use strict';

const NODE = 'id key type name number kind masked listed marked hiddenBecause { reason rule article }';
const EDGE = 'id role source target since until share provider';
const Q = {
  search: `query($t: String!) { searchSubjects(text: $t) { ${NODE} } }`,
  neighbourhood: `query($s: String!, $asOf: Date) { neighbourhood(subject: $s, depth: 1, asOf: $asOf) {
    truncated nodes { ${NODE} } edges { ${EDGE} } } }`,
  control: `query($s: String!, $asOf: Date) { control(organization: $s, asOf: $asOf) {
    algorithm majorityChain beneficialOwnerThreshold truncated
    nodes { ${NODE} } holdings { ${EDGE} } ultimateController { id name }
    holders { holder { id name } share directShare paths { nodes shares share } }
    beneficialOwners { holder { id name } share }
    recordedControllers { subject { id name } edge { since until } } } }`,
  timeline: `query($s: String!) { roleTimeline(subject: $s) { entries {
    edge { role since until share } organization { id name }
    listings { id conductOn decidedOn stage } marks { listingId role conductOn active finding } } } }`,
  why: `query($t: String!, $n: String!) { whyMarked(idType: $t, number: $n) {
    listingId organization role roleFrom roleTo conductOn decidedOn finding } }`,
  paths: `query($a: String!, $b: String!, $asOf: Date) { paths(from: $a, to: $b, maxHops: 6, asOf: $asOf) {
    paths { nodes { ${NODE} } hops { ${EDGE} } } } }`,
};
const ROLE_NAMES = {
  LEGAL_REPRESENTATIVE_OF: '法定代表人', PRINCIPAL_OF: '主要负责人',
  ACTUAL_CONTROLLER_OF: '实际控制人', DIRECTOR_OF: '董事', SHAREHOLDER_OF: '股东',
};

const $ = (id) => document.getElementById(id);
const state = { token: null, selected: null, pathFrom: null, nodes: new Map() };
let cy = null;

function el(tag, text, cls) {
  const e = document.createElement(tag);
  if (text !== undefined) e.textContent = text;
  if (cls) e.className = cls;
  return e;
}

async function gql(query, variables) {
  $('error').textContent = '';
  const headers = { 'content-type': 'application/json', 'credit-channel': $('channel').value };
  if ($('channel').value !== 'PUBLIC') headers['credit-purpose'] = $('purpose').value;
  const token = $('token').value || state.token;
  if (token && $('channel').value !== 'PUBLIC') headers.authorization = `Bearer ${token}`;
  const response = await fetch('/graphql', { method: 'POST', headers, body: JSON.stringify({ query, variables }) });
  const body = await response.json();
  if (body.errors) {
    const e = body.errors[0];
    const ext = e.extensions || {};
    $('error').textContent = `${ext.code || 'ERROR'}${ext.article ? `（第${ext.article}条）` : ''}: ${e.message}`;
    return null;
  }
  return body.data;
}

function asOf() { return $('asOf').value || null; }

function label(n) {
  return n.masked ? `${n.name}（已脱敏）` : n.name;
}

function addGraph(nodes, edges) {
  for (const n of nodes) {
    state.nodes.set(n.id, n);
    if (cy.getElementById(n.id).empty()) {
      cy.add({ group: 'nodes', data: { id: n.id, label: label(n), type: n.type, masked: n.masked ? 1 : 0,
        flagged: (n.listed || n.marked) ? 1 : 0 } });
    }
  }
  for (const e of edges) {
    if (cy.getElementById(e.id).empty() && !cy.getElementById(e.source).empty() && !cy.getElementById(e.target).empty()) {
      const share = e.share ? ` ${(e.share * 100).toFixed(1)}%` : '';
      cy.add({ group: 'edges', data: { id: e.id, source: e.source, target: e.target,
        label: `${ROLE_NAMES[e.role] || e.role}${share}`, role: e.role } });
    }
  }
  cy.layout({ name: 'cose', animate: false, nodeDimensionsIncludeLabels: true }).run();
  listNodes();
}

function listNodes() {
  const list = $('nodes');
  list.replaceChildren();
  for (const n of state.nodes.values()) {
    const li = el('li', `${n.type === 'PERSON' ? '👤' : '🏢'} ${label(n)}`, n.masked ? 'masked' : '');
    li.dataset.id = n.id;
    if (state.selected && state.selected.id === n.id) li.classList.add('selected');
    li.addEventListener('click', () => select(n.id));
    list.append(li);
  }
}

function select(id) {
  const n = state.nodes.get(id);
  state.selected = n;
  cy.$(':selected').unselect();
  cy.getElementById(id).select();
  const detail = $('detail');
  detail.replaceChildren(el('h2', label(n)));
  detail.append(el('p', `${n.type === 'PERSON' ? '自然人' : '组织'} · ${n.key || '标识已隐藏'}`));
  if (n.listed) detail.append(el('p', '列入严重失信主体名单（第二十九条）', 'mark'));
  if (n.marked) detail.append(el('p', '个人信用档案中有同步标注（第三十一条）', 'mark'));
  if (n.hiddenBecause) {
    const box = el('div', '', 'hidden-reason');
    box.append(el('p', `为何隐藏：${n.hiddenBecause.reason}`));
    box.append(el('p', `依据：第${n.hiddenBecause.article}条 · ${n.hiddenBecause.rule}`));
    detail.append(box);
  }
  $('actions').hidden = n.masked;
  $('control').hidden = n.type !== 'ORGANIZATION';
  $('why').hidden = n.type !== 'PERSON';
  listNodes();
}

async function expand(key) {
  const data = await gql(Q.neighbourhood, { s: key, asOf: asOf() });
  if (!data) return;
  const nb = data.neighbourhood;
  addGraph(nb.nodes, nb.edges);
  if (nb.truncated) $('error').textContent = '结果已截断：节点数达到上限，请逐个展开。';
  select(key);
}

function table(headers, rows) {
  const t = el('table');
  const head = el('tr');
  headers.forEach((h) => head.append(el('th', h)));
  t.append(head);
  for (const r of rows) {
    const tr = el('tr');
    r.forEach((c) => tr.append(el('td', c === null || c === undefined ? '' : String(c))));
    t.append(tr);
  }
  return t;
}

const pct = (x) => `${(x * 100).toFixed(2)}%`;

async function showControl() {
  const data = await gql(Q.control, { s: state.selected.key, asOf: asOf() });
  if (!data) return;
  const c = data.control;
  addGraph(c.nodes, c.holdings);
  const names = new Map(c.nodes.map((n) => [n.id, label(n)]));
  const panel = $('panel');
  panel.replaceChildren(el('h3', '股权穿透（累计持股）'));
  panel.append(table(['持有人', '累计', '直接', '路径'], c.holders.map((h) => [
    names.get(h.holder.id) || h.holder.name, pct(h.share), pct(h.directShare),
    h.paths.map((p) => `${p.nodes.map((id) => names.get(id) || id).join(' → ')} = ${p.shares.map(pct).join(' × ')}`).join('；'),
  ])));
  panel.append(el('p', `最终控制人（多数持股链）：${c.ultimateController ? c.ultimateController.name : '无（无人持股过半）'}`));
  panel.append(el('p', `受益所有人（≥ ${pct(c.beneficialOwnerThreshold)}）：${c.beneficialOwners.map((b) => `${b.holder.name} ${pct(b.share)}`).join('，') || '无'}`));
  panel.append(el('p', `登记的实际控制人：${c.recordedControllers.map((r) => r.subject.name).join('，') || '无'}`));
  panel.append(el('details', '')).append(el('pre', c.algorithm));
}

async function showTimeline() {
  const data = await gql(Q.timeline, { s: state.selected.key });
  if (!data) return;
  const panel = $('panel');
  panel.replaceChildren(el('h3', '任职经历'));
  panel.append(table(['职务', '组织', '起', '止', '名单', '标注'], data.roleTimeline.entries.map((e) => [
    ROLE_NAMES[e.edge.role] || e.edge.role, e.organization.name, e.edge.since, e.edge.until || '至今',
    e.listings.map((l) => `${l.id}（行为 ${l.conductOn}）`).join('；'),
    e.marks.map((m) => `${m.listingId}${m.active ? '' : '（已结束）'}`).join('；'),
  ])));
}

async function showWhy() {
  const [idType, number] = state.selected.key.split(':');
  const data = await gql(Q.why, { t: idType, n: number });
  if (!data) return;
  const panel = $('panel');
  panel.replaceChildren(el('h3', '为何被标注（第三十一条）'));
  panel.append(table(['名单', '组织', '当时职务', '任职期间', '行为日', '认定'], data.whyMarked.map((m) => [
    m.listingId, m.organization, ROLE_NAMES[m.role] || m.role, `${m.roleFrom} – ${m.roleTo || '至今'}`,
    m.conductOn, m.finding,
  ])));
  if (!data.whyMarked.length) panel.append(el('p', '没有标注。'));
}

async function showPath() {
  const data = await gql(Q.paths, { a: state.pathFrom.key, b: state.selected.key, asOf: asOf() });
  if (!data) return;
  const panel = $('panel');
  panel.replaceChildren(el('h3', `路径：${state.pathFrom.name} → ${state.selected.name}`));
  if (!data.paths.paths.length) panel.append(el('p', '当日没有经由任职关系的路径。'));
  cy.elements().removeClass('path');
  for (const p of data.paths.paths) {
    addGraph(p.nodes, p.hops);
    p.hops.forEach((h) => cy.getElementById(h.id).addClass('path'));
    p.nodes.forEach((n) => cy.getElementById(n.id).addClass('path'));
    panel.append(el('p', p.nodes.map((n) => n.name).join(' — ')));
    panel.append(table(['职务', '起', '止'], p.hops.map((h) => [ROLE_NAMES[h.role] || h.role, h.since, h.until || '至今'])));
  }
}

async function login() {
  const response = await fetch('/explore/token', { method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ persona: $('persona').value }) });
  const body = await response.json();
  if (!response.ok) { $('error').textContent = body.error; return; }
  state.token = body.token;
  $('who').textContent = `已登录：${body.persona}（用途 ${body.purposes.join('、')}）`;
}

async function loadPersonas() {
  const response = await fetch('/explore/personas');
  if (!response.ok) { $('mint').hidden = true; $('persona').hidden = true; return; }
  for (const p of await response.json()) {
    const o = el('option', `${p.name} · ${p.description}`);
    o.value = p.name;
    $('persona').append(o);
  }
}

function init() {
  cy = cytoscape({
    container: $('graph'),
    style: [
      { selector: 'node', style: { label: 'data(label)', 'font-size': 10, 'background-color': '#457b9d', 'text-valign': 'bottom' } },
      { selector: 'node[type = "PERSON"]', style: { shape: 'ellipse', 'background-color': '#2a9d8f' } },
      { selector: 'node[type = "ORGANIZATION"]', style: { shape: 'round-rectangle' } },
      { selector: 'node[masked = 1]', style: { 'background-color': '#bbb', 'border-style': 'dashed', 'border-width': 2 } },
      { selector: 'node[flagged = 1]', style: { 'border-color': '#b00020', 'border-width': 3 } },
      { selector: 'node:selected', style: { 'overlay-opacity': 0.2 } },
      { selector: 'edge', style: { label: 'data(label)', 'font-size': 8, 'curve-style': 'bezier', 'target-arrow-shape': 'triangle', width: 1.5 } },
      { selector: '.path', style: { 'line-color': '#e63946', 'target-arrow-color': '#e63946', width: 3 } },
    ],
  });
  window.explorer = { cy, state };
  cy.on('tap', 'node', (evt) => select(evt.target.id()));
  $('mint').addEventListener('click', login);
  $('search').addEventListener('submit', async (evt) => {
    evt.preventDefault();
    const data = await gql(Q.search, { t: $('text').value });
    $('results').replaceChildren();
    if (!data) return;
    for (const n of data.searchSubjects) {
      const li = el('li', label(n));
      li.addEventListener('click', () => expand(n.id));
      $('results').append(li);
    }
  });
  $('expand').addEventListener('click', () => expand(state.selected.id));
  $('control').addEventListener('click', showControl);
  $('timeline').addEventListener('click', showTimeline);
  $('why').addEventListener('click', showWhy);
  $('pathFrom').addEventListener('click', () => { state.pathFrom = state.selected; $('who').textContent = `路径起点：${state.selected.name}`; });
  $('pathTo').addEventListener('click', () => { if (state.pathFrom) showPath(); });
  $('channel').addEventListener('change', () => {
    cy.elements().remove(); state.nodes.clear(); state.selected = null; listNodes();
    $('panel').replaceChildren(); $('detail').replaceChildren(); $('actions').hidden = true;
  });
  loadPersonas();
}

document.addEventListener('DOMContentLoaded', init);
