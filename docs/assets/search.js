/* The handbook's search, loaded by handbook.js only when a reader starts to search.

   Data: search/fi.json or search/en.json, made at build time by macros/search_index.py from
   the handbook's own text. Finnish terms there are base forms and compound parts (Voikko);
   `forms` maps the inflected forms the handbook uses to them. A reader's word that the
   handbook never uses ("toimeentulotuesta") is matched by its stem: every way of cutting a
   clitic, a possessive suffix and a case ending off it is tried, and the rest is reduced like
   the terms are (final vowel, -nen/-s/-ks stems, consonant gradation), so tue- meets tuki.

   Nothing here talks to anything but the handbook's own server. */
(function (root) {
  "use strict";

  var VOWELS = "aeiouyäö";
  var CLITICS = ["kaan", "kään", "kin", "han", "hän", "ko", "kö", "pa", "pä", ""];
  var POSSESSIVES = ["mme", "nne", "nsa", "nsä", "ni", "si", ""];
  var CASES = ["", "n", "a", "ä", "ta", "tä", "tta", "ttä", "na", "nä", "ksi", "ssa", "ssä",
    "sta", "stä", "lla", "llä", "lta", "ltä", "lle", "t", "en", "den", "tten", "in", "hin",
    "seen", "siin", "aan", "een", "iin", "oon", "uun", "yyn", "ään", "öön", "ine", "tse"];
  var GRADATING = "ktdpvg";

  function isVowel(c) { return VOWELS.indexOf(c) >= 0; }
  function last(s) { return s.charAt(s.length - 1); }

  /* A Finnish stem or base form reduced so that its grades and stem variants meet:
     tuki, tue(n), tuke(a) → "tu"; hakemus, hakemukse(n) → "hakemu"; asuminen, asumise(en) →
     "asumi"; velka, vela(n) → "vel"; kunta, kunna(n) → "kun". */
  function fiStem(s) {
    if (/nen$/.test(s) && s.length > 4) s = s.slice(0, -3) + "s";
    else if (/t[oö]n$/.test(s)) s = s.slice(0, -2) + "t" + s.charAt(s.length - 2) + "m";
    else if (/[^aeiouyäö]in$/.test(s)) s = s.slice(0, -1) + "m";
    if (s.length > 2 && isVowel(last(s))) {
      var vowel = last(s);
      s = s.slice(0, -1);
      if (s.length > 2 && last(s) === vowel) s = s.slice(0, -1);
    }
    if (s.length > 3 && /ks$/.test(s)) s = s.slice(0, -2);
    else if (s.length > 3 && /[aeiouyäö]s$/.test(s)) s = s.slice(0, -1);
    while (s.length > 2 && GRADATING.indexOf(last(s)) >= 0) s = s.slice(0, -1);
    if (s.length > 2 && !isVowel(last(s)) && s.charAt(s.length - 2) === last(s)) s = s.slice(0, -1);
    return s;
  }

  /* The keys a Finnish term (a base form from the index) is found by. A verb's infinitive
     (hakea, asua) also by its stem without the -a/-ä (hake-, asu-). */
  function fiTermKeys(term) {
    var keys = [fiStem(term)];
    if (/[aeiouyäö][aä]$/.test(term) && term.length > 3) keys.push(fiStem(term.slice(0, -1)));
    return keys;
  }

  /* Every stem a Finnish word typed by a reader may have: ending combinations cut off. */
  function fiQueryStems(word) {
    var stems = {};
    CLITICS.forEach(function (clitic) {
      if (!endsWith(word, clitic)) return;
      var a = word.slice(0, word.length - clitic.length);
      POSSESSIVES.forEach(function (possessive) {
        if (!endsWith(a, possessive)) return;
        var b = a.slice(0, a.length - possessive.length);
        CASES.forEach(function (ending) {
          if (!endsWith(b, ending)) return;
          var c = b.slice(0, b.length - ending.length);
          [c, /[ij]$/.test(c) ? c.slice(0, -1) : null].forEach(function (stem) {
            if (stem && stem.length >= 2) stems[fiStem(stem)] = true;
          });
        });
      });
    });
    return Object.keys(stems);
  }

  /* Whether `end` can be cut off `s` and leave something (the empty ending always can). */
  function endsWith(s, end) { return end === "" || (s.length > end.length && s.endsWith(end)); }

  /* English: plural and -ing/-ed forms meet their base (services, service; applying, apply). */
  function enStem(word) {
    if (word.length > 4 && /ies$/.test(word)) return word.slice(0, -3) + "y";
    if (word.length > 5 && /ing$/.test(word)) return word.slice(0, -3);
    if (word.length > 4 && /ed$/.test(word)) return word.slice(0, -2);
    if (word.length > 3 && /(ss|us|is)$/.test(word)) return word;
    if (word.length > 3 && /es$/.test(word) && /(s|x|ch|sh)es$/.test(word)) return word.slice(0, -2);
    if (word.length > 3 && /s$/.test(word)) return word.slice(0, -1);
    return word;
  }

  var LANGUAGES = {
    fi: { termKeys: fiTermKeys, queryStems: fiQueryStems },
    en: {
      termKeys: function (t) { return [enStem(t)]; },
      queryStems: function (w) { return [enStem(w)]; }
    }
  };

  function words(text) {
    return (text.toLowerCase().normalize("NFC").match(/[\p{L}\p{N}]+(?:-[\p{L}\p{N}]+)*/gu) || []);
  }

  /* Edit distance with adjacent swaps (Damerau), stopping early beyond `max`. */
  function distance(a, b, max) {
    if (Math.abs(a.length - b.length) > max) return max + 1;
    var rows = [];
    for (var i = 0; i <= a.length; i++) {
      rows[i] = [i];
      var best = i;
      for (var j = 1; j <= b.length; j++) {
        if (i === 0) { rows[i][j] = j; continue; }
        var cost = a[i - 1] === b[j - 1] ? 0 : 1;
        var d = Math.min(rows[i - 1][j] + 1, rows[i][j - 1] + 1, rows[i - 1][j - 1] + cost);
        if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, rows[i - 2][j - 2] + 1);
        rows[i][j] = d;
        if (d < best) best = d;
      }
      if (i > 0 && best > max) return max + 1;
    }
    return rows[a.length][b.length];
  }

  /* An index as loaded from search/<lang>.json, ready to answer queries. */
  function Engine(index) {
    this.index = index;
    this.language = LANGUAGES[index.lang] || LANGUAGES.fi;
    this.postings = {};
    this.byKey = {};
    var self = this;
    Object.keys(index.terms).forEach(function (term) {
      var flat = index.terms[term], list = [], doc = 0;
      for (var i = 0; i < flat.length; i += 2) { doc += flat[i]; list.push([doc, flat[i + 1]]); }
      self.postings[term] = list;
      self.language.termKeys(term).forEach(function (key) {
        (self.byKey[key] = self.byKey[key] || []).push(term);
      });
    });
    this.terms = Object.keys(index.terms);
    this.forms = index.forms || {};
    this.words = this.terms.concat(Object.keys(this.forms));
  }

  /* What one word of a query means: groups of [term, weight], every group needed. Tried in
     order: the word itself or a form the handbook uses (1), the same stem (0.9), the halves
     of a hyphenated word, a typo of one letter (0.6), two known parts of a compound the
     handbook does not use (0.8 each), the beginning of a term while typing (0.7), and a typo
     of two letters in a long word (0.6). */
  Engine.prototype.resolve = function (word, typing) {
    var self = this, found = this.exact(word, 1);
    if (found.length) return [found];
    found = this.stemMatches(word, 0.9);
    if (found.length) return [found];
    if (word.indexOf("-") > 0) {
      var halves = [];
      word.split("-").forEach(function (half) {
        if (half.length >= 2) self.resolve(half, false).forEach(function (g) { halves.push(g); });
      });
      if (halves.length) return halves;
    }
    found = word.length >= 5 ? this.near(word, 1) : [];
    if (found.length) return [found];
    var parts = this.compound(word);
    if (parts) return parts;
    if (typing && word.length >= 3) {
      found = this.terms.filter(function (t) { return t.lastIndexOf(word, 0) === 0; })
        .slice(0, 30).map(function (t) { return [t, 0.7]; });
      if (found.length) return [found];
    }
    found = word.length >= 9 ? this.near(word, 2) : [];
    return found.length ? [found] : [];
  };

  /* The word as a term, or as a form the handbook uses of one or more terms. */
  Engine.prototype.exact = function (word, weight) {
    var self = this, found = [];
    if (this.postings[word]) found.push([word, weight]);
    if (this.forms[word]) {
      this.forms[word].split(" ").forEach(function (t) { if (self.postings[t]) found.push([t, weight]); });
    }
    return found;
  };

  /* Terms and forms at most `max` edits away: a typo. */
  Engine.prototype.near = function (word, max) {
    var self = this, found = [];
    this.words.forEach(function (t) {
      if (distance(word, t, max) <= max) self.exact(t, 0.6).forEach(function (m) { found.push(m); });
    });
    return found;
  };

  Engine.prototype.stemMatches = function (word, weight) {
    var self = this, best = 0, found = [];
    this.language.queryStems(word).forEach(function (stem) {
      if (!self.byKey[stem] || stem.length < (word.length <= 6 ? 2 : 3)) return;
      if (stem.length > best) { best = stem.length; found = []; }
      if (stem.length === best) self.byKey[stem].forEach(function (t) { found.push([t, weight]); });
    });
    return found;
  };

  /* A compound cut into two parts the handbook uses (velka + ongelma): every such cut, the
     most even first (toimeentulotuki + hakemuksen before toimeentulotukihakemuks + en). */
  Engine.prototype.splits = function (word) {
    var self = this, found = [];
    function part(text) {
      var exact = self.exact(text, 0.8);
      return exact.length ? exact : self.stemMatches(text, 0.8);
    }
    for (var i = 3; i <= word.length - 4; i++) {
      var heads = part(word.slice(0, i)), tails = heads.length ? part(word.slice(i)) : [];
      if (tails.length) found.push({ size: Math.min(i, word.length - i), groups: [heads, tails] });
    }
    return found.sort(function (a, b) { return b.size - a.size; }).map(function (f) { return f.groups; });
  };

  Engine.prototype.compound = function (word) {
    return this.splits(word)[0] || null;
  };

  /* Pages for a query, best first: [{url, title, section, snippet, score}]. A long word the
     handbook uses as one compound is also tried cut in two (up to three ways), since a page
     may say the parts apart (toimeentulotukihakemus: toimeentulotuki … hakemus); each page
     keeps its best score. */
  Engine.prototype.search = function (query, limit) {
    var self = this, list = words(query), groups = [], cut = null;
    var typing = !/\s$/.test(query);
    list.forEach(function (word, n) {
      var resolved = self.resolve(word, typing && n === list.length - 1);
      if (!cut && resolved.length === 1 && word.length >= 10) {
        var splits = self.splits(word).slice(0, 3);
        if (splits.length) cut = { at: groups.length, splits: splits };
      }
      resolved.forEach(function (g) { groups.push(g); });
    });
    if (!groups.length) return [];
    var pages = this.score(groups, 1);
    (cut ? cut.splits : []).forEach(function (parts) {
      var more = self.score(groups.slice(0, cut.at).concat(parts, groups.slice(cut.at + 1)), 0.8);
      Object.keys(more).forEach(function (p) {
        if (!pages[p] || more[p].score > pages[p].score) pages[p] = more[p];
      });
    });
    return Object.keys(pages).map(function (p) { return pages[p]; })
      .sort(function (a, b) { return b.score - a.score || a.page - b.page; })
      .slice(0, limit || 10)
      .map(function (p) {
        var info = self.index.pages[p.page];
        return { url: info[0] + (p.best[1] ? "#" + p.best[1] : ""), title: info[1],
          section: p.best[1] ? p.best[2] : "", snippet: p.best[3], score: p.score };
      });
  };

  /* Score sections for groups of terms (each group: its best term's weight), favour sections
     that match every group, and keep each page's best section: {page: {page, score, best}}. */
  Engine.prototype.score = function (groups, factor) {
    var self = this, scores = {}, matched = {};
    groups.forEach(function (group, g) {
      var best = {};
      group.forEach(function (match) {
        (self.postings[match[0]] || []).forEach(function (posting) {
          var score = match[1] * posting[1];
          if (!(best[posting[0]] >= score)) best[posting[0]] = score;
        });
      });
      Object.keys(best).forEach(function (doc) {
        scores[doc] = (scores[doc] || 0) + best[doc];
        (matched[doc] = matched[doc] || {})[g] = true;
      });
    });
    var pages = {};
    Object.keys(scores).forEach(function (doc) {
      var coverage = Object.keys(matched[doc]).length / groups.length;
      var score = factor * scores[doc] * coverage * coverage, entry = self.index.docs[doc];
      var page = pages[entry[0]] = pages[entry[0]] || { page: entry[0], score: 0, rest: 0, best: null };
      if (score > page.score) { page.rest += page.score; page.score = score; page.best = entry; }
      else page.rest += score;
    });
    Object.keys(pages).forEach(function (p) { pages[p].score += 0.1 * pages[p].rest; });
    return pages;
  };

  /* --- In the page ----------------------------------------------------------------------- */

  function mount(box, index) {
    var engine = new Engine(index);
    var input = box.querySelector("input");
    var status = box.querySelector("[role=status]");
    var list = box.querySelector("ol");
    var base = new URL(box.getAttribute("data-base"), document.baseURI);
    var texts = JSON.parse(box.getAttribute("data-texts"));
    var announce = null;

    function render() {
      var query = input.value.trim();
      list.textContent = "";
      if (!query) { status.textContent = texts.start; return; }
      var results = engine.search(input.value, 10);
      results.forEach(function (result) {
        var item = document.createElement("li");
        item.className = "md-search-result__item";
        var link = document.createElement("a");
        link.className = "md-search-result__link";
        link.href = new URL(result.url, base).href;
        var article = document.createElement("article");
        article.className = "md-search-result__article md-typeset";
        var title = document.createElement("h2");
        title.textContent = result.title;
        article.appendChild(title);
        if (result.section) {
          var section = document.createElement("p");
          section.className = "hk-search-section";
          section.textContent = result.section;
          article.appendChild(section);
        }
        var snippet = document.createElement("p");
        snippet.textContent = result.snippet;
        article.appendChild(snippet);
        link.appendChild(article);
        item.appendChild(link);
        list.appendChild(item);
      });
      /* Say the count once the reader pauses, not at every key. */
      clearTimeout(announce);
      var text = !results.length ? texts.none : results.length === 1 ? texts.one
        : texts.other.replace("#", results.length);
      announce = setTimeout(function () { status.textContent = text; }, 400);
    }

    function links() { return Array.prototype.slice.call(list.querySelectorAll("a")); }

    input.addEventListener("input", render);
    input.form.addEventListener("submit", function (event) {
      event.preventDefault();
      var first = links()[0];
      if (first) first.click();
    });
    input.form.addEventListener("reset", function () { setTimeout(render, 0); });
    box.addEventListener("keydown", function (event) {
      var all = links(), at = all.indexOf(document.activeElement);
      if (event.key === "ArrowDown" && all.length) {
        event.preventDefault();
        all[Math.min(at + 1, all.length - 1)].focus();
      } else if (event.key === "ArrowUp" && at >= 0) {
        event.preventDefault();
        (at === 0 ? input : all[at - 1]).focus();
      }
    });
    render();
    return engine;
  }

  var api = { fiStem: fiStem, fiTermKeys: fiTermKeys, fiQueryStems: fiQueryStems, enStem: enStem,
    words: words, distance: distance, Engine: Engine, mount: mount };
  if (typeof module === "object" && module.exports) module.exports = api;
  else root.HandbookSearch = api;
})(this);
