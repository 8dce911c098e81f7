// Tandem sandbox page. All text from the server is inserted with
// textContent; only `html`, which the server builds from Telegram entities
// with every character escaped, is inserted as markup.
"use strict";

let state = null;
let personId = null; // which demo person the phone shows
let tab = "person"; // the pane shown on a narrow screen
const seen = {}; // chat id -> messages already seen
const panes = {}; // pane name -> { el, log, key, stick }
const $ = (id) => document.getElementById(id);
const narrow = () => window.matchMedia("(max-width: 899px)").matches;

function el(tag, props, ...children) {
  const e = document.createElement(tag);
  Object.assign(e, props || {});
  for (const c of children) e.append(c);
  return e;
}

async function api(path, body) {
  const res = await fetch(path, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body || {}) });
  const data = await res.json().catch(() => ({}));
  if (!res.ok) throw new Error(data.error || res.statusText);
  return data;
}

function notice(text) {
  $("notice").textContent = text || "";
  $("notice").hidden = !text;
}

function status(pane, text, ok) {
  const s = panes[pane].el.querySelector(".status");
  if (!s) return;
  s.textContent = text || "";
  s.className = "status" + (ok ? " ok" : "");
}

// The chat each pane shows.
function chatFor(pane) {
  if (!state) return null;
  if (pane === "person") return state.chats.find((c) => c.id === personId) || null;
  if (pane === "worker") return state.chats.find((c) => c.role === "worker") || null;
  return state.chats.find((c) => c.kind === "channel") || null;
}

function visible(pane) {
  return !narrow() || pane === tab;
}

// ---- messages ----

function renderMessage(chat, m, pane) {
  const box = el("div", { className: "msg" + (m.fromBot ? "" : " me") });
  if (m.photo) {
    const img = el("img", { src: m.photo, alt: "picture from the bot" });
    // Keep the newest message in view as pictures load and push it down.
    img.addEventListener("load", () => { if (panes[pane].stick) toBottom(pane); });
    box.append(img);
  }
  const body = el("div");
  body.innerHTML = m.html; // built and escaped by the server
  for (const s of body.querySelectorAll(".spoiler")) s.addEventListener("click", () => s.classList.add("shown"));
  if (!chat.readOnly && m.fromBot) {
    markCommands(body);
    for (const c of body.querySelectorAll(".cmd")) {
      c.classList.add("tap");
      c.setAttribute("role", "button");
      c.tabIndex = 0;
      const cmd = c.textContent.split("@")[0];
      c.title = "Send " + cmd;
      c.addEventListener("click", () => send(pane, chat.id, cmd));
      c.addEventListener("keydown", (ev) => { if (ev.key === "Enter") send(pane, chat.id, cmd); });
    }
  }
  box.append(body);
  if (m.document) box.append(el("a", { href: m.document.url, download: m.document.name }, "📄 " + m.document.name));
  if (m.buttons && !chat.readOnly) {
    const kb = el("div", { className: "kb" });
    for (const row of m.buttons) {
      const r = el("div", { className: "row" });
      for (const b of row) {
        if (b.url) {
          r.append(el("a", { href: b.url, target: "_blank", rel: "noopener noreferrer" }, b.text + " ↗"));
          continue;
        }
        const btn = el("button", { type: "button" }, b.text);
        btn.addEventListener("click", () => press(pane, chat, m, b.data));
        r.append(btn);
      }
      kb.append(r);
    }
    box.append(kb);
  }
  for (const code of m.startCodes || []) {
    const inv = el("div", { className: "invite" });
    for (const p of state.personas.filter((p) => p.role === "person")) {
      const btn = el("button", { type: "button" }, "Open as " + p.name);
      btn.addEventListener("click", () => openAs(p, code));
      inv.append(btn);
    }
    box.append(inv);
  }
  box.append(el("span", { className: "meta" }, (m.edited ? "edited " : "") + m.time));
  return box;
}

// markCommands wraps /commands in a bot message's text, as Telegram's apps make them tappable.
function markCommands(root) {
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  const texts = [];
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    if (!n.parentElement.closest("a, code, pre, .cmd")) texts.push(n);
  }
  const re = /(^|[\s(“"'])(\/[a-z][a-z0-9_]{0,31})(?![\w/@-]|\.\w)/g;
  for (const n of texts) {
    const s = n.textContent;
    if (!re.test(s)) continue;
    re.lastIndex = 0;
    const frag = document.createDocumentFragment();
    let at = 0;
    for (const m of s.matchAll(re)) {
      const start = m.index + m[1].length;
      frag.append(s.slice(at, start), el("span", { className: "cmd" }, m[2]));
      at = start + m[2].length;
    }
    frag.append(s.slice(at));
    n.replaceWith(frag);
  }
}

function toBottom(pane) {
  const p = panes[pane];
  p.log.scrollTop = p.log.scrollHeight;
  p.autoTop = p.log.scrollTop; // so the scroll event this causes is not taken for the reader's
}

function renderPane(pane) {
  const p = panes[pane];
  const chat = chatFor(pane);
  const key = chat ? JSON.stringify([chat.id, chat.blocked, chat.messages, state.personas.length]) : "";
  if (key !== p.key) {
    p.key = key;
    // Reuse the nodes of unchanged messages, so pictures do not load again and shift the chat.
    const old = p.nodes || new Map();
    p.nodes = new Map();
    const nodes = [];
    for (const m of chat ? chat.messages : []) {
      const mk = chat.id + ":" + m.id;
      const mj = JSON.stringify(m);
      let n = old.get(mk);
      if (!n || n.json !== mj) n = { json: mj, node: renderMessage(chat, m, pane) };
      p.nodes.set(mk, n);
      nodes.push(n.node);
    }
    if (!nodes.length) nodes.push(el("p", { className: "empty" }, emptyText(pane, chat)));
    p.log.replaceChildren(...nodes);
    if (p.stick) toBottom(pane);
  }
  if (pane === "person") {
    const blocked = !!(chat && chat.blocked);
    $("block").textContent = blocked ? "Unblock the bot" : "Block the bot";
    p.el.querySelector(".blocked").hidden = !blocked;
  }
  if (pane === "worker" && chat) p.el.querySelector(".title").textContent = "💼 " + chat.title + "'s chat (worker)";
  if (chat && visible(pane)) seen[chat.id] = chat.messages.length;
}

function emptyText(pane, chat) {
  if (pane === "person") {
    const name = chat ? chat.title : "This person";
    return name + " has not talked to the bot yet. Press the tour's button, or as the worker send /invite " + name + " and press “Open as " + name + "” under the link.";
  }
  if (pane === "staff") return "Nothing here yet: escalations and the daily digest arrive here.";
  return "Nothing here yet.";
}

function unread(chat) {
  return chat ? Math.max(0, chat.messages.length - (seen[chat.id] || 0)) : 0;
}

function renderTabs() {
  for (const b of document.querySelectorAll("#tabs button")) {
    const pane = b.dataset.tab;
    b.classList.toggle("active", pane === tab);
    const n = unread(chatFor(pane));
    const count = b.querySelector(".count");
    count.textContent = n;
    count.hidden = n === 0 || pane === tab;
  }
  for (const name of Object.keys(panes)) panes[name].el.classList.toggle("shown", name === tab);
}

function renderPersonas() {
  const sel = $("persona");
  const people = state.personas.filter((p) => p.role === "person");
  if (!people.some((p) => p.id === personId) && people.length) personId = people[0].id;
  const want = JSON.stringify(people.map((p) => [p.id, p.name, unread(state.chats.find((c) => c.id === p.id))]));
  if (sel.dataset.key === want) return;
  sel.dataset.key = want;
  sel.replaceChildren();
  for (const p of people) {
    const n = p.id === personId ? 0 : unread(state.chats.find((c) => c.id === p.id));
    sel.append(el("option", { value: p.id, selected: p.id === personId }, p.name + (n ? " (" + n + " new)" : "")));
  }
  sel.append(el("option", { value: "add" }, "+ Add a person…"));
}

function renderSandbox() {
  const sb = state.sandbox;
  for (const id of ["clockbar", "tour"]) $(id).hidden = !sb;
  if (!sb) return;
  const clock = $("clock");
  clock.replaceChildren("🕘 " + sb.now + " ", el("small", {}, sb.zone));
  if (!$("jumpto").value || document.activeElement !== $("jumpto")) $("jumpto").value = sb.nowIso;
  $("save").title = sb.canSave ? "Write the sandbox's database to the --database file" : "Start the sandbox with --database FILE to keep it";
  const done = sb.step >= sb.tour.length;
  $("tour").classList.toggle("done", done);
  const step = sb.tour[Math.min(sb.step, sb.tour.length - 1)];
  $("tour-title").textContent = done ? "Tour done" : "Tour " + (sb.step + 1) + "/" + sb.tour.length + ": " + step.title;
  $("tour-text").textContent = done ? "Carry on by hand: chat as anyone, tap /commands, move the clock. Reset starts again." : " " + step.text;
  const b = $("tour-button");
  b.hidden = done;
  if (!b.disabled) b.textContent = step.button;
  if (sb.note) notice(sb.note);
}

function render() {
  if (!state) return;
  renderPersonas();
  for (const name of Object.keys(panes)) panes[name].el.classList.toggle("shown", name === tab);
  for (const name of Object.keys(panes)) renderPane(name);
  renderTabs();
  renderSandbox();
  // A pane that was hidden has no height to scroll; bring its newest message into view now.
  for (const name of Object.keys(panes)) if (visible(name) && panes[name].stick) toBottom(name);
}

// ---- actions ----

async function send(pane, userId, text) {
  status(pane, "");
  try { await api("/api/send", { userId, text }); } catch (e) { status(pane, e.message); }
}

async function press(pane, chat, m, data) {
  status(pane, "");
  try {
    const r = await api("/api/press", { userId: chat.id, chatId: chat.id, messageId: m.id, data });
    if (r.answered && r.answer) status(pane, r.answer, true);
    else if (!r.answered) status(pane, "The bot did not answer the button press (answerCallbackQuery).");
  } catch (e) { status(pane, e.message); }
}

async function openAs(p, code) {
  personId = p.id;
  show("person");
  await send("person", p.id, "/start " + code);
}

// show brings a pane into view: the tab on a narrow screen, a highlight on a wide one.
function show(pane) {
  if (tab !== pane) {
    tab = pane;
    for (const name of Object.keys(panes)) status(name, "");
  }
  render();
  if (panes[pane].stick) toBottom(pane);
  const e = panes[pane].el;
  e.classList.add("spot");
  setTimeout(() => e.classList.remove("spot"), 1500);
}

async function busy(button, work) {
  const buttons = document.querySelectorAll("#clockbar button, #tour-button");
  for (const b of buttons) b.disabled = true;
  const label = button.textContent;
  if (button.id === "tour-button") button.textContent = "Working…";
  notice("");
  try { await work(); } catch (e) { notice(e.message); }
  finally {
    for (const b of buttons) b.disabled = false;
    button.textContent = label;
    await refresh();
  }
}

function setup() {
  for (const e of document.querySelectorAll(".pane")) {
    const name = e.dataset.pane;
    const log = e.querySelector(".log");
    panes[name] = { el: e, log, key: null, stick: true, autoTop: -1, nodes: null };
    log.addEventListener("scroll", () => {
      const p = panes[name];
      if (Math.abs(log.scrollTop - p.autoTop) < 2) return; // our own scroll to the bottom
      p.stick = log.scrollHeight - log.scrollTop - log.clientHeight < 40;
    });
    const form = e.querySelector("form");
    if (!form) continue;
    const text = form.querySelector("textarea");
    form.addEventListener("submit", async (ev) => {
      ev.preventDefault();
      const chat = chatFor(name);
      if (!chat || !text.value.trim()) return;
      const v = text.value;
      text.value = "";
      await send(name, chat.id, v);
    });
    text.addEventListener("keydown", (ev) => {
      if (ev.key === "Enter" && !ev.shiftKey) { ev.preventDefault(); form.requestSubmit(); }
    });
  }
  for (const b of document.querySelectorAll("#tabs button")) b.addEventListener("click", () => show(b.dataset.tab));
  $("persona").addEventListener("change", async (ev) => {
    const v = ev.target.value;
    if (v === "add") {
      const name = prompt("Name of the new person");
      if (name) {
        try { personId = (await api("/api/personas", { name })).id; } catch (e) { status("person", e.message); }
      }
      $("persona").dataset.key = "";
      await refresh();
    } else {
      personId = Number(v);
      panes.person.stick = true;
    }
    render();
  });
  $("block").addEventListener("click", async () => {
    const chat = chatFor("person");
    if (!chat) return;
    try { await api("/api/block", { userId: chat.id, blocked: !chat.blocked }); } catch (e) { status("person", e.message); }
  });
  for (const b of document.querySelectorAll("[data-jump]")) {
    b.addEventListener("click", () => busy(b, () => api("/api/clock", { by: b.dataset.jump })));
  }
  $("jumpform").addEventListener("submit", (ev) => {
    ev.preventDefault();
    const b = ev.target.querySelector("button");
    busy(b, () => api("/api/clock", { to: $("jumpto").value }));
  });
  $("reset").addEventListener("click", () => {
    if (!confirm("Start again from the seeded demo? Everything in this sandbox is thrown away.")) return;
    for (const k of Object.keys(seen)) delete seen[k];
    busy($("reset"), () => api("/api/reset"));
  });
  $("save").addEventListener("click", () => busy($("save"), async () => {
    const r = await api("/api/save");
    notice("Saved to " + r.saved + ". Start the sandbox with the same --database to carry on from here.");
  }));
  $("tour-button").addEventListener("click", () => {
    const b = $("tour-button");
    const sb = state.sandbox;
    const n = sb.step;
    const step = sb.tour[n];
    busy(b, async () => {
      await api("/api/tour", { step: n });
      if (step.person) personId = step.person;
      panes[step.show].stick = true;
      await refresh();
      show(step.show);
    });
  });
  window.addEventListener("resize", render);
}

async function refresh(since) {
  const res = await fetch("/api/state" + (since ? "?since=" + encodeURIComponent(since) : ""));
  if (!res.ok) throw new Error(res.statusText);
  state = await res.json();
  // What was there when the page opened (or the sandbox was reset) is not news.
  if (!Object.keys(seen).length) for (const c of state.chats) seen[c.id] = c.messages.length;
  render();
}

async function poll() {
  for (;;) {
    try { await refresh(state && state.version); }
    catch (e) { notice("Connection to the sandbox lost, retrying…"); await new Promise((r) => setTimeout(r, 2000)); continue; }
    if ($("notice").textContent.startsWith("Connection")) notice("");
  }
}

setup();
poll();
