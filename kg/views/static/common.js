/* Helpers shared by the site's pages. Article text is only ever set with
   textContent, and only http(s) URLs become links. */
(function () {
  "use strict";

  function el(tag, attrs, text) {
    const node = document.createElement(tag);
    if (attrs) {
      for (const [key, value] of Object.entries(attrs)) {
        if (value !== null && value !== undefined) node.setAttribute(key, String(value));
      }
    }
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  function safeUrl(value) {
    if (typeof value !== "string") return null;
    try {
      const url = new URL(value);
      return url.protocol === "http:" || url.protocol === "https:" ? url.href : null;
    } catch (err) {
      return null;
    }
  }

  function readJSON(id) {
    const node = document.getElementById(id);
    return node ? JSON.parse(node.textContent) : null;
  }

  function cite(article) {
    const span = el("span", { class: "cite" });
    const url = safeUrl(article.url);
    const title = article.title || "untitled article";
    if (url) {
      span.appendChild(el("a", { href: url, rel: "noopener noreferrer nofollow", target: "_blank" }, title));
    } else {
      span.appendChild(document.createTextNode(title));
    }
    const extra = [article.published, article.publisher].filter(Boolean);
    if (extra.length) span.appendChild(document.createTextNode(" · " + extra.join(" · ")));
    return span;
  }

  function quoteList(quotes, articles) {
    const list = el("ul", { class: "quotes" });
    if (!quotes || !quotes.length) {
      list.appendChild(el("li", { class: "muted" }, "No quote recorded."));
      return list;
    }
    for (const [articleId, text] of quotes) {
      const item = el("li");
      item.appendChild(el("blockquote", null, text));
      item.appendChild(cite(articles[articleId] || { title: articleId }));
      list.appendChild(item);
    }
    return list;
  }

  window.CyberKG = { el, safeUrl, readJSON, cite, quoteList };
})();
