// Real-time messaging: progressive enhancement of the conversation page, the inbox and the
// header's unread count. Without this file (or without a connection) every page still works:
// the form posts normally and a reload shows everything. One socket per tab at /ws/messaging/;
// the frames are documented in messaging/README.md.
(() => {
  if (window.yuiMessaging || !("WebSocket" in window)) return;

  const section = document.querySelector("section[data-conversation]");
  const badges = document.querySelectorAll("[data-messaging-unread]");
  const inbox = document.querySelector("[data-conversation-list]");
  if (!section && !badges.length) return; // not logged in

  const lang = (document.documentElement.lang || "ja").toLowerCase();
  const TEXT = {
    ja: {
      you: "あなた",
      forResident: "住民の代わりに",
      edited: "編集済み",
      deleted: "メッセージは削除されました",
      photo: "メッセージに添付された写真",
      sending: "送信中…",
      sent: "送信済み",
      read: "既読",
      typing: "{name}さんが入力中…",
      reconnecting: "接続が切れました。再接続しています…",
      unread: "未読 {n}件",
      maybeNotSent: "送信できたか確認できませんでした。会話を確認し、必要ならもう一度送ってください。",
      left: "このグループから退出しました。",
      blocked: "この会話ではメッセージを送れなくなりました。ページを再読み込みしてください。",
      contactShared: "連絡先の共有が更新されました。ページを再読み込みすると表示されます。",
    },
    en: {
      you: "You",
      forResident: "for the resident",
      edited: "edited",
      deleted: "message deleted",
      photo: "Photo sent with the message",
      sending: "sending…",
      sent: "sent",
      read: "read",
      typing: "{name} is typing…",
      reconnecting: "Connection lost. Reconnecting…",
      unread: "{n} unread",
      maybeNotSent:
        "We could not confirm that your message was sent. Check the conversation and send it again if needed.",
      left: "You have left this group.",
      blocked: "You can no longer send messages in this conversation. Please reload the page.",
      contactShared: "Contact sharing has changed. Reload the page to see it.",
    },
  };
  const strings = TEXT[lang.split("-")[0]] || TEXT.en;
  const t = (key, values = {}) =>
    strings[key].replace(/\{(\w+)\}/g, (_match, name) => String(values[name] ?? ""));

  // The open conversation, if any.
  const conversationId = section ? Number(section.dataset.conversation) : null;
  const me = section ? Number(section.dataset.user) : null;
  const list = section?.querySelector("[data-messages]");
  const form = section?.querySelector("form[data-message-form]");
  const textarea = form?.querySelector('textarea[name="body"]');
  const typingBox = section?.querySelector("[data-typing]");
  const connectionBox = section?.querySelector("[data-connection]");
  let readSeqOthers = section ? Number(section.dataset.readSeqOthers || 0) : 0;
  let lastReadSent = 0;
  let sendDisabled = false;
  const pending = new Map(); // client_id -> {item, body}

  const lastSeq = () => {
    let highest = section ? Number(section.dataset.lastSeq || 0) : 0;
    list?.querySelectorAll("li[data-seq]").forEach((item) => {
      highest = Math.max(highest, Number(item.dataset.seq));
    });
    return highest;
  };

  // ---- the socket -------------------------------------------------------------------------
  let socket = null;
  let attempts = 0;
  let retryTimer = null;
  let pingTimer = null;
  let stopped = false;

  const send = (frame) => {
    if (!socket || socket.readyState !== WebSocket.OPEN) return false;
    socket.send(JSON.stringify(frame));
    return true;
  };

  const connect = () => {
    if (stopped || socket) return;
    clearTimeout(retryTimer);
    const scheme = location.protocol === "https:" ? "wss:" : "ws:";
    socket = new WebSocket(`${scheme}//${location.host}/ws/messaging/`);
    socket.addEventListener("open", () => {
      attempts = 0;
      document.documentElement.dataset.messagingSocket = "open"; // for tests and styles
      setConnection("");
      if (section) catchUp();
      pingTimer = setInterval(() => send({ type: "ping" }), 25000);
    });
    socket.addEventListener("message", (event) => {
      let frame;
      try {
        frame = JSON.parse(event.data);
      } catch {
        return;
      }
      handlers[frame.type]?.(frame);
    });
    socket.addEventListener("close", (event) => {
      socket = null;
      document.documentElement.dataset.messagingSocket = "closed";
      clearInterval(pingTimer);
      forgetPending();
      if (event.code === 4401 || event.code === 4403) {
        stopped = true; // logged out or refused: a reload will tell the user
        return;
      }
      setConnection(t("reconnecting"));
      // Back off (1 s, 2 s, 4 s … up to 30 s, with jitter) so a sleeping phone or a restarting
      // server is not hammered.
      const delay = Math.min(30000, 1000 * 2 ** attempts) * (0.5 + Math.random() / 2);
      attempts += 1;
      retryTimer = setTimeout(connect, delay);
    });
  };

  // A phone waking up or a network coming back: try at once rather than after the back-off.
  const reconnectNow = () => {
    if (!socket && !stopped) {
      attempts = 0;
      connect();
    }
  };
  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState === "visible") {
      reconnectNow();
      markRead();
    }
  });
  window.addEventListener("online", reconnectNow);

  const setConnection = (text) => {
    if (connectionBox) connectionBox.textContent = text;
  };

  // ---- the conversation page --------------------------------------------------------------
  // The server's time of the page or of the last catch-up: edits and deletions made after it,
  // while this page was away, come back with the next catch-up.
  let serverTime = section?.dataset.serverTime || "";
  const catchUp = () =>
    send({
      type: "catch_up",
      conversation: conversationId,
      after: lastSeq(),
      ...(serverTime ? { changed_since: serverTime } : {}),
    });

  const markRead = () => {
    if (!section || document.visibilityState !== "visible") return;
    const seq = lastSeq();
    if (seq > lastReadSent && send({ type: "message.read", conversation: conversationId, seq })) {
      lastReadSent = seq;
    }
  };

  const element = (tag, className, text) => {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  };

  const formatTime = (iso) => {
    try {
      return new Intl.DateTimeFormat(lang, { dateStyle: "short", timeStyle: "short" }).format(
        new Date(iso),
      );
    } catch {
      return iso;
    }
  };

  const fillMessage = (item, message) => {
    const mine = message.sender === me;
    item.id = `message-${message.seq}`;
    item.className = "message-item";
    item.classList.toggle("message-item--mine", mine);
    item.classList.toggle("message-item--deleted", message.deleted);
    item.dataset.seq = message.seq;
    item.dataset.message = message.id;
    item.dataset.sender = message.sender ?? "";
    item.replaceChildren();
    const meta = element("p", "message-item__meta");
    meta.append(element("span", "message-item__sender", mine ? t("you") : message.sender_name));
    if (message.for_resident) {
      meta.append(element("span", "message-item__for-resident", t("forResident")));
    }
    const time = element("time", "", formatTime(message.created_at));
    time.dateTime = message.created_at;
    meta.append(time);
    if (message.edited && !message.deleted) {
      meta.append(element("span", "message-item__edited", t("edited")));
    }
    item.append(meta);
    if (message.deleted) {
      item.append(element("p", "message-item__deleted", t("deleted")));
    } else {
      if (message.body_html) {
        const body = element("div", "message-item__body");
        body.innerHTML = message.body_html; // escaped and masked by the server
        item.append(body);
      }
      if (message.photo) {
        const link = element("a", "message-item__photo");
        link.href = message.photo;
        const image = element("img");
        image.src = message.photo;
        image.alt = t("photo");
        image.loading = "lazy";
        link.append(image);
        item.append(link);
      }
    }
    if (!message.deleted) {
      const actions = liveActions(message, mine);
      if (actions) item.append(actions);
    }
    showState(item);
  };

  // Edit, delete and report for a message drawn here, from the page's templates (the same
  // forms the server renders), with the message's id put into their addresses.
  const EDIT_WINDOW_MS = 15 * 60 * 1000;
  const liveActions = (message, mine) => {
    const template = section?.querySelector(
      mine ? "template[data-live-actions-mine]" : "template[data-live-actions-other]",
    );
    if (!template) return null;
    const actions = template.content.firstElementChild.cloneNode(true);
    actions.querySelectorAll("[href], [action]").forEach((link) => {
      const name = link.hasAttribute("href") ? "href" : "action";
      const address = link
        .getAttribute(name)
        .replace("/messages/0/", `/messages/${message.id}/`)
        .replace(/message=0$/, `message=${message.id}`);
      link.setAttribute(name, address);
    });
    if (Date.now() - Date.parse(message.created_at) > EDIT_WINDOW_MS) {
      actions.querySelector("[data-live-edit]")?.remove();
    }
    return actions;
  };

  // "sent" / "read" on one's own messages: read once another member has read up to it.
  const showState = (item) => {
    if (Number(item.dataset.sender) !== me || item.classList.contains("message-item--deleted")) {
      return;
    }
    const meta = item.querySelector(".message-item__meta");
    if (!meta) return;
    let state = meta.querySelector("[data-state]");
    if (!state) {
      state = element("span", "message-item__state");
      state.dataset.state = "";
      meta.append(state);
    }
    state.textContent = Number(item.dataset.seq) <= readSeqOthers ? t("read") : t("sent");
  };

  const showStates = () => list?.querySelectorAll("li[data-seq]").forEach(showState);

  // Insert in seq order; a message already shown is updated in place (never duplicated).
  const insertMessage = (message) => {
    if (!list) return;
    list.querySelector(".message-list__empty")?.remove();
    const existing = list.querySelector(`li[data-seq="${message.seq}"]`);
    if (existing) {
      fillMessage(existing, message);
      return;
    }
    const item = element("li");
    fillMessage(item, message);
    const after = [...list.querySelectorAll("li[data-seq]")].find(
      (other) => Number(other.dataset.seq) > message.seq,
    );
    list.insertBefore(item, after || list.querySelector("li[data-client-id]"));
  };

  const updateMessage = (message) => {
    const existing = list?.querySelector(`li[data-seq="${message.seq}"]`);
    if (existing) fillMessage(existing, message);
  };

  const forgetPending = () => {
    if (!pending.size) return;
    let restore = "";
    pending.forEach(({ item, body }) => {
      item.remove();
      restore += (restore ? "\n" : "") + body;
    });
    pending.clear();
    if (textarea && !textarea.value.trim()) textarea.value = restore;
    showSendError(t("maybeNotSent"));
  };

  const showSendError = (text) => {
    if (!form) return;
    let box = form.querySelector("[data-send-error]");
    if (!box) {
      box = element("p", "form-errors");
      box.setAttribute("role", "alert");
      box.dataset.sendError = "";
      form.prepend(box);
    }
    box.textContent = text;
    box.hidden = !text;
  };

  let clientCounter = 0;
  form?.addEventListener("submit", (event) => {
    const photo = form.querySelector('input[type="file"]');
    const body = textarea?.value.trim() ?? "";
    // Photos, empty bodies and a closed socket go through the ordinary form post.
    if (sendDisabled || !body || photo?.files?.length) return;
    clientCounter += 1;
    const clientId = `${Date.now().toString(36)}-${clientCounter}`;
    if (!send({ type: "message.send", conversation: conversationId, body, client_id: clientId })) {
      return;
    }
    event.preventDefault();
    event.stopPropagation(); // the site-wide double-submit guard must not lock the form
    const item = element("li", "message-item message-item--mine message-item--pending");
    item.dataset.clientId = clientId;
    const meta = element("p", "message-item__meta");
    meta.append(element("span", "message-item__sender", t("you")));
    meta.append(element("span", "message-item__state", t("sending")));
    const text = element("div", "message-item__body");
    text.style.whiteSpace = "pre-wrap";
    text.textContent = body;
    item.append(meta, text);
    list?.append(item);
    pending.set(clientId, { item, body });
    textarea.value = "";
    showSendError("");
  });

  let lastTypingSent = 0;
  textarea?.addEventListener("input", () => {
    const now = Date.now();
    if (now - lastTypingSent > 3000 && textarea.value.trim()) {
      lastTypingSent = now;
      send({ type: "typing", conversation: conversationId });
    }
  });

  let typingTimer = null;
  const showTyping = (name) => {
    if (!typingBox) return;
    typingBox.textContent = t("typing", { name });
    clearTimeout(typingTimer);
    typingTimer = setTimeout(() => {
      typingBox.textContent = "";
    }, 5000);
  };

  // ---- the inbox and the header -----------------------------------------------------------
  const showUnread = (total, counts) => {
    badges.forEach((badge) => {
      badge.textContent = total ? String(total) : "";
    });
    inbox?.querySelectorAll("[data-conversation-item]").forEach((row) => {
      const count = Number(counts[row.dataset.conversationItem] || 0);
      row.classList.toggle("conversation-list__item--unread", count > 0);
      let label = row.querySelector("[data-unread-count]");
      if (!count) {
        label?.remove();
        return;
      }
      if (!label) {
        label = element("span", "conversation-list__unread");
        label.dataset.unreadCount = "";
        row.querySelector(".conversation-list__title")?.after(label);
      }
      label.textContent = t("unread", { n: count });
    });
  };

  const showInInbox = (message) => {
    const row = inbox?.querySelector(`[data-conversation-item="${message.conversation}"]`);
    if (!row) return;
    const preview = row.querySelector("[data-last-message]");
    if (preview && !message.deleted) {
      const scratch = document.createElement("div");
      scratch.innerHTML = message.body_html;
      const text = scratch.textContent.replace(/\s+/g, " ").trim();
      preview.textContent = text.length > 60 ? `${text.slice(0, 59)}…` : text;
    }
    inbox.prepend(row); // newest activity first
  };

  // ---- frames from the server -------------------------------------------------------------
  const inThisConversation = (frame) => section && frame.conversation === conversationId;

  const handlers = {
    "message.new": (frame) => {
      showInInbox(frame.message);
      if (frame.unread) showUnread(frame.unread.total, frame.unread.conversations || {});
      if (!inThisConversation(frame)) return;
      insertMessage(frame.message);
      if (frame.message.sender !== me) {
        if (typingBox) typingBox.textContent = "";
        markRead();
      }
    },
    "message.sent": (frame) => {
      const entry = pending.get(frame.client_id);
      pending.delete(frame.client_id);
      entry?.item.remove();
      // Real time may be down (the message is saved all the same): fetch it if not shown.
      if (list && !list.querySelector(`li[data-seq="${frame.seq}"]`)) catchUp();
    },
    "message.edited": (frame) => inThisConversation(frame) && updateMessage(frame.message),
    "message.deleted": (frame) => inThisConversation(frame) && updateMessage(frame.message),
    messages: (frame) => {
      if (!inThisConversation(frame)) return;
      frame.messages.forEach(insertMessage);
      (frame.changed || []).forEach(updateMessage);
      if (frame.server_time) serverTime = frame.server_time;
      readSeqOthers = Math.max(readSeqOthers, frame.read_seq_others || 0);
      showStates();
      if (frame.has_more) catchUp();
      else markRead();
    },
    read: (frame) => {
      if (!inThisConversation(frame) || frame.user === me) return;
      readSeqOthers = Math.max(readSeqOthers, frame.seq);
      showStates();
    },
    typing: (frame) => {
      if (inThisConversation(frame) && frame.user !== me) showTyping(frame.name);
    },
    unread: (frame) => showUnread(frame.total, frame.conversations || {}),
    error: (frame) => {
      const entry = pending.get(frame.client_id);
      if (!entry) return;
      pending.delete(frame.client_id);
      entry.item.remove();
      if (textarea && !textarea.value.trim()) textarea.value = entry.body;
      showSendError(frame.detail);
    },
    left: (frame) => {
      if (!inThisConversation(frame)) return;
      sendDisabled = true;
      setConnection(t("left"));
    },
    blocked: () => {
      if (!section) return;
      sendDisabled = true;
      setConnection(t("blocked"));
    },
    contact_shared: (frame) => {
      if (inThisConversation(frame)) setConnection(t("contactShared"));
    },
  };

  showStates();
  window.yuiMessaging = { send, reconnect: reconnectNow };
  connect();
})();
