// Tandem sandbox page. All text from the server is inserted with
// textContent; only `html`, which the server builds from Telegram entities
// with every character escaped, is inserted as markup.
"use strict";

let state = null;
let current = null; // selected chat id
const $ = (id) => document.getElementById(id);

function el(tag, props, ...children) {
  const e = document.createElement(tag);
  Object.assign(e, props || {});
  for (const c of children) e.append(c);
  return e;
}

function status(text, ok) {
  $("status").textContent = text || "";
  $("status").className = ok ? "ok" : "";
}

async function api(path, body) {
  const res = await fetch(path, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });
  const data = await res.json().catch(() => ({}));
  if (!res.ok) throw new Error(data.error || res.statusText);
  return data;
}

function chatById(id) {
  return state && state.chats.find((c) => c.id === id);
}

function renderTabs() {
  const tabs = $("tabs");
  tabs.replaceChildren();
  for (const c of state.chats) {
    const label = c.kind === "channel" ? "# " + c.title : c.title;
    const b = el("button", { type: "button", className: c.id === current ? "active" : "" }, label);
    if (c.role) b.append(" ", el("span", { className: "role" }, c.role));
    if (c.blocked) b.append(" ", el("span", { className: "role" }, "(blocked)"));
    b.addEventListener("click", () => { current = c.id; render(); });
    tabs.append(b);
  }
  const add = el("button", { type: "button" }, "+ Add person");
  add.addEventListener("click", addPerson);
  tabs.append(add);
}

async function addPerson() {
  const name = prompt("Name of the new person");
  if (!name) return;
  try {
    const p = await api("/api/personas", { name });
    current = p.id;
    await refresh();
  } catch (e) { status(e.message); }
}

function renderTools(chat) {
  const tools = $("tools");
  tools.replaceChildren();
  if (chat.readOnly || chat.kind !== "private") return;
  const b = el("button", { type: "button" }, chat.blocked ? "Unblock the bot" : "Block the bot");
  b.addEventListener("click", async () => {
    try { await api("/api/block", { userId: chat.id, blocked: !chat.blocked }); } catch (e) { status(e.message); }
  });
  tools.append(b);
}

function renderMessage(chat, m) {
  const box = el("div", { className: "msg" + (m.fromBot ? "" : " me") });
  if (m.photo) box.append(el("img", { src: m.photo, alt: "photo from the bot" }));
  const body = el("div");
  body.innerHTML = m.html; // built and escaped by the server
  for (const s of body.querySelectorAll(".spoiler")) s.addEventListener("click", () => s.classList.add("shown"));
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
        btn.addEventListener("click", () => press(chat, m, b.data));
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

async function press(chat, m, data) {
  status("");
  try {
    const r = await api("/api/press", { userId: chat.id, chatId: chat.id, messageId: m.id, data });
    if (r.answered && r.answer) status(r.answer, true);
    else if (!r.answered) status("The bot did not answer the button press (answerCallbackQuery).");
  } catch (e) { status(e.message); }
}

async function openAs(p, code) {
  current = p.id;
  status("");
  try { await api("/api/send", { userId: p.id, text: "/start " + code }); } catch (e) { status(e.message); }
  render();
}

function render() {
  if (!state) return;
  if (!chatById(current) && state.chats.length) current = state.chats[0].id;
  renderTabs();
  const chat = chatById(current);
  if (!chat) return;
  $("who").textContent = "Bot @" + state.botUsername + " · " + (chat.kind === "channel" ? "channel " : "chatting as ") + chat.title;
  renderTools(chat);
  const log = $("log");
  const atBottom = log.scrollHeight - log.scrollTop - log.clientHeight < 40;
  log.replaceChildren(...chat.messages.map((m) => renderMessage(chat, m)));
  if (atBottom) log.scrollTop = log.scrollHeight;
  $("composer").hidden = chat.readOnly;
  $("readonly").hidden = !chat.readOnly;
}

async function refresh(since) {
  const res = await fetch("/api/state" + (since ? "?since=" + encodeURIComponent(since) : ""));
  if (!res.ok) throw new Error(res.statusText);
  state = await res.json();
  render();
}

async function poll() {
  for (;;) {
    try { await refresh(state && state.version); }
    catch (e) { status("Connection lost, retrying…"); await new Promise((r) => setTimeout(r, 2000)); }
  }
}

$("composer").addEventListener("submit", async (ev) => {
  ev.preventDefault();
  const text = $("text").value;
  if (!text.trim()) return;
  status("");
  try {
    await api("/api/send", { userId: current, text });
    $("text").value = "";
  } catch (e) { status(e.message); }
});

$("text").addEventListener("keydown", (ev) => {
  if (ev.key === "Enter" && !ev.shiftKey) {
    ev.preventDefault();
    $("composer").requestSubmit();
  }
});

poll();
