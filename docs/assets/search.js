/* The handbook's search, loaded by handbook.js only when a reader starts to search.

   Data: search/fi.json or search/en.json, made at build time by macros/search/index.py from
   the handbook's own text: a small root naming fragments, which are fetched when a query
   needs them (words files by a word's first two letters, a file holding several small ones,
   postings files, and the titles and snippets of the pages shown). Finnish terms are base
   forms and compound parts (Voikko); `forms` maps the inflected forms the handbook uses to
   them. A reader's word that the handbook never uses ("toimeentulotuesta") is matched by its
   stem: every way of cutting a clitic, a possessive suffix and a case ending off it is tried,
   and the rest is reduced like the terms are (final vowel, -nen/-s/-ks stems, consonant
   gradation), so tue- meets tuki.

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
          [c, /[ij]$/.test(c) ? c.slice(0, -1) : null, ending && diphthong(c)].forEach(function (stem) {
            if (stem && stem.length >= 2) stems[fiStem(stem)] = true;
          });
        });
      });
    });
    return Object.keys(stems);
  }

  /* A one-syllable word's plural stem, before a case ending, back to its diphthong:
     töi(tä) → työ, soi(ta) → suo, tei(tä) → tie. */
  function diphthong(stem) {
    var m = /^([^aeiouyäö]*)([oöe])i$/.exec(stem);
    return m ? m[1] + { o: "uo", "ö": "yö", e: "ie" }[m[2]] : null;
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

  /* Words that carry no subject in a whole sentence a reader types ("minulla on liikaa velkoja
     enkä pysty maksamaan niitä", "I have too many debts"): pronouns, auxiliaries, negation,
     conjunctions, question words and particles, as typed. Left out of a query that has other
     words, so that its content words decide. */
  function stopWords(text) {
    var set = Object.create(null);
    text.split(/\s+/).forEach(function (word) { if (word) set[word] = true; });
    return set;
  }
  var FI_STOP = stopWords(
    "minä mä mie minun mun minua minulla mulla minulle mulle minusta minulta minuun " +
    "sinä sä sinun sun sinua sinulla sulla sinulle sulle hän häntä hänen hänellä hänelle " +
    "me meidän meitä meillä meille te teidän teillä he heidän heitä heillä heille " +
    "se sen sitä siitä siihen sillä sille siinä ne niiden niitä niistä niihin niillä niille " +
    "tämä tämän tätä tässä tästä tähän tuo tuon tuota nämä näitä " +
    "olen olet on olemme olette ovat olla oli olin olit olivat ollut olleet ole olisi oisi " +
    "ei en et emme ette eivät enkä etkä eikä " +
    "ja tai että kun jos mutta vaan kuin niin koska vaikka sekä eli " +
    "mikä mitä mitään mikään miten miksi missä mistä mihin milloin kuka kenelle keneltä " +
    "voi voin voiko voisin pitää pitäisi täytyy saa saako saanko " +
    "myös vain jo nyt sitten enää vielä aina yhtään ihan tosi aivan liian liikaa paljon " +
    "kaikki kaiken jotain jotakin jonkin joka jota jossa josta johon kauan " +
    "tarvitsen tarvitsisin tarvitsee tarvitaan tarvitsemme");
  var EN_STOP = stopWords(
    "i me my mine myself you your he him his she her it its we us our they them their " +
    "am is are was were be been being have has had having do does did doing " +
    "a an the and or but if so because as than too very much many more most some any " +
    "no not can cannot can't cant could would should will shall may might must " +
    "to of in on at by for with about from into out over up down " +
    "what which who whom where when why how this that these those there here " +
    "need want get got just also only all t s don't dont");

  /* Asking for help in general ("tarvitsen apua"): left out only beside two other words. */
  var FI_WEAK = stopWords("apua apu avun apuun avuksi");
  var EN_WEAK = stopWords("help helps");

  var LANGUAGES = {
    fi: { termKeys: fiTermKeys, queryStems: fiQueryStems, stop: FI_STOP, weak: FI_WEAK },
    en: {
      termKeys: function (t) { return [enStem(t)]; },
      queryStems: function (w) { return [enStem(w)]; },
      stop: EN_STOP,
      weak: EN_WEAK
    }
  };

  /* The words of a query that carry its subject: stop words left out unless nothing else is
     left, and general words of asking for help when two others are left. */
  function contentWords(list, language) {
    var content = list.filter(function (word) { return !language.stop[word]; });
    if (!content.length) return list;
    var strong = content.filter(function (word) { return !language.weak[word]; });
    return strong.length >= 2 ? strong : content;
  }

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

  /* A fragment the search needs that is not loaded yet: thrown by a lookup, caught by
     Engine.search, which fetches the files and starts the query again. */
  function Need(paths) { this.paths = paths; }

  var FORMAT = 4;  /* the roots' "version" this script reads (VERSION_SPLIT in fragments.py) */

  /* The index of one language, as search/<lang>.json (the root) describes it: fragments are
     fetched with `fetchJson(path)` (a path relative to the root) when a query needs them, and
     kept. A query word is looked up in the words of its first two letters (`root.words`
     groups them in files): the word itself, its forms, stems, prefixes and most typos are
     there. */
  function Engine(root, fetchJson) {
    this.root = root;
    this.language = LANGUAGES[root.lang] || LANGUAGES.fi;
    this.fetchJson = fetchJson;
    /* Maps without a prototype: a term may be "constructor". */
    this.files = Object.create(null);  /* path → parsed JSON */
    this.loading = Object.create(null);  /* path → promise */
    this.numbers = Object.create(null);  /* prefix → number of its words file */
    this.chunkOf = Object.create(null);  /* term → its postings file's number (loaded words) */
    this.postings = Object.create(null);  /* term → [[page, section, weight], …] (loaded) */
    this.editorOnly = Object.create(null);  /* terms only the editors' pages use (loaded) */
    var self = this;
    (root.words || []).forEach(function (group, n) {
      group.forEach(function (prefix) { self.numbers[prefix] = n; });
    });
  }

  var EMPTY = { terms: {}, forms: {}, refs: {}, list: [], byKey: Object.create(null) };

  Engine.prototype.path = function (kind, n) { return this.root.folder + "/" + kind + n + ".json"; };
  Engine.prototype.prefix = function (word) { return word.slice(0, this.root.prefix); };

  /* Paths of the words files of these words that are not loaded (none for a prefix no term
     or form has). */
  Engine.prototype.missing = function (list) {
    var self = this, paths = [];
    list.forEach(function (word) {
      var n = self.numbers[self.prefix(word)];
      var path = n === undefined ? null : self.path("w", n);
      if (path && !self.files[path] && paths.indexOf(path) < 0) paths.push(path);
    });
    return paths;
  };

  /* Make sure these words' files are loaded: throws Need for all that are not. */
  Engine.prototype.require = function (list) {
    var paths = this.missing(list);
    if (paths.length) throw new Need(paths);
  };

  /* The words of a word's first two letters, from their words file, prepared on first use. */
  Engine.prototype.dict = function (word) {
    var prefix = this.prefix(word), n = this.numbers[prefix];
    if (n === undefined) return EMPTY;
    var path = this.path("w", n), loaded = this.files[path];
    if (!loaded) throw new Need([path]);
    var file = has(loaded, prefix) ? loaded[prefix] : null;
    if (!file || typeof file !== "object") return EMPTY;
    if (!file.list) {
      var self = this;
      file.terms = file.terms || {};
      file.forms = file.forms || {};
      file.refs = file.refs || {};
      file.list = Object.keys(file.terms);
      file.byKey = Object.create(null);
      file.list.forEach(function (term) {
        self.chunkOf[term] = file.terms[term];
        self.language.termKeys(term).forEach(function (key) {
          (file.byKey[key] = file.byKey[key] || []).push(term);
        });
      });
      Object.keys(file.refs).forEach(function (term) { self.chunkOf[term] = file.refs[term]; });
      (file.editors || []).forEach(function (term) { self.editorOnly[term] = true; });
    }
    return file;
  };

  /* Fetch files (each once; a failed one may be tried again at the next query). */
  Engine.prototype.load = function (paths) {
    var self = this;
    return Promise.all(paths.map(function (path) {
      if (!self.loading[path]) {
        self.loading[path] = Promise.resolve(self.fetchJson(path)).then(function (data) {
          self.files[path] = data;
        }, function (error) { delete self.loading[path]; throw error; });
      }
      return self.loading[path];
    }));
  };

  /* What one word of a query means: groups of [term, weight], every group needed. Tried in
     order: the word itself or a form the handbook uses (1), the same stem (0.9), the halves
     of a hyphenated word, a typo of one letter (0.6), two known parts of a compound the
     handbook does not use (0.8 each), the beginning of a term while typing (0.7), and a typo
     of two letters in a long word (0.6). */
  Engine.prototype.resolve = function (word, typing) {
    var self = this, found = this.exact(word, 1);
    if (found.length) return [this.withStems(word, found)];
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
      found = this.dict(word).list.filter(function (t) { return t.lastIndexOf(word, 0) === 0; })
        .slice(0, 30).map(function (t) { return [t, 0.7]; });
      if (found.length) return [found];
    }
    found = word.length >= 9 ? this.near(word, 2) : [];
    return found.length ? [found] : [];
  };

  /* A form the handbook uses in one sense may be typed in another ("velkoja": a creditor in
     the text, debts in "liikaa velkoja"): the terms of the same stem count too, a little
     less. */
  Engine.prototype.withStems = function (word, found) {
    var have = Object.create(null);
    found.forEach(function (match) { have[match[0]] = true; });
    return found.concat(this.stemMatches(word, 0.8, have));
  };

  /* The word as a term, or as a form the handbook uses of one or more terms. */
  Engine.prototype.exact = function (word, weight) {
    var self = this, file = this.dict(word), found = [];
    if (has(file.terms, word)) found.push([word, weight]);
    if (has(file.forms, word)) {
      file.forms[word].split(" ").forEach(function (t) {
        if (has(file.terms, t) || has(file.refs, t)) found.push([t, weight]);
      });
    }
    return found;
  };

  function has(object, key) { return Object.prototype.hasOwnProperty.call(object, key); }

  /* The words files a typo of `word` may be in besides its own: the first two letters
     swapped, or an extra letter typed first or second. */
  Engine.prototype.neighbours = function (word) {
    return [word, word.charAt(1) + word.charAt(0) + word.slice(2), word.slice(1), word.charAt(0) + word.slice(2)];
  };

  /* Terms and forms at most `max` edits away: a typo. */
  Engine.prototype.near = function (word, max) {
    var self = this, found = [], seen = {};
    var candidates = this.neighbours(word);
    this.require(candidates);
    candidates.forEach(function (candidate) {
      var file = self.dict(candidate);
      if (seen[self.prefix(candidate)] || file === EMPTY) return;
      seen[self.prefix(candidate)] = true;
      file.list.concat(Object.keys(file.forms)).forEach(function (t) {
        if (distance(word, t, max) <= max) self.exact(t, 0.6).forEach(function (m) { found.push(m); });
      });
    });
    return found;
  };

  /* The terms of the longest of the word's stems that any term has (but the terms in
     `except`). */
  Engine.prototype.stemMatches = function (word, weight, except) {
    var self = this, best = 0, found = [];
    this.language.queryStems(word).forEach(function (stem) {
      if (stem.length < (word.length <= 6 ? 2 : 3)) return;
      var byKey = self.dict(stem).byKey, terms = has(byKey, stem) ? byKey[stem] : null;
      if (terms && except) terms = terms.filter(function (t) { return !except[t]; });
      if (!terms || !terms.length) return;
      if (stem.length > best) { best = stem.length; found = []; }
      if (stem.length === best) terms.forEach(function (t) { found.push([t, weight]); });
    });
    return found;
  };

  /* A compound cut into two parts the handbook uses (velka + ongelma): every such cut, the
     most even first (toimeentulotuki + hakemuksen before toimeentulotukihakemuks + en). The
     second parts' words files are fetched only for cuts whose first part is known. */
  Engine.prototype.splits = function (word) {
    var self = this, found = [], cuts = [];
    function part(text) {
      var exact = self.exact(text, 0.8);
      return exact.length ? exact : self.stemMatches(text, 0.8);
    }
    for (var i = 3; i <= word.length - 4; i++) {
      var heads = part(word.slice(0, i));
      if (heads.length) cuts.push([i, heads]);
    }
    this.require(cuts.map(function (cut) { return word.slice(cut[0]); }));
    cuts.forEach(function (cut) {
      var i = cut[0], tails = part(word.slice(i));
      if (tails.length) found.push({ size: Math.min(i, word.length - i), groups: [cut[1], tails] });
    });
    return found.sort(function (a, b) { return b.size - a.size; }).map(function (f) { return f.groups; });
  };

  Engine.prototype.compound = function (word) {
    return this.splits(word)[0] || null;
  };

  /* Pages for a query, best first: a promise of [{url, title, section, snippet, score}].
     Each try runs the whole query on what is loaded; a lookup that needs a file not loaded
     yet stops it (Need), and it runs again once the files are here. `wait`, if given, is
     asked before each fetch: a promise of false gives up (null), so that a reader still
     typing does not fetch fragments for every letter. */
  Engine.prototype.search = function (query, limit, wait) {
    var self = this, tries = 0;
    /* A root of another format (one kept in the browser's cache from before this script):
       failing makes the page fetch the roots again, past the cache. */
    if (this.root.version !== FORMAT) return Promise.reject(new Error("format " + this.root.version));
    function attempt() {
      try {
        return Promise.resolve(self.searchLoaded(query, limit));
      } catch (error) {
        if (!(error instanceof Need) || ++tries > 20) return Promise.reject(error);
        return Promise.resolve(wait ? wait() : true).then(function (go) {
          return go ? self.load(error.paths).then(attempt) : null;
        });
      }
    }
    return attempt();
  };

  /* The query on the loaded files (throws Need for any other). A long word the handbook
     uses as one compound is also tried cut in two (up to three ways), since a page may say the
     parts apart (toimeentulotukihakemus: toimeentulotuki … hakemus); each page keeps its best
     score. */
  Engine.prototype.searchLoaded = function (query, limit) {
    var self = this, list = contentWords(words(query), this.language);
    var typing = !/\s$/.test(query);
    this.require(list);
    var each = list.map(function (word, n) { return self.resolve(word, typing && n === list.length - 1); });
    var common = each.map(function (resolved) { return self.withoutEditors(resolved); });
    var asked = this.editorsAskedFor([].concat.apply([], each)) || each.every(function (resolved, n) {
      return resolved.length && !common[n].length;  /* only editors' words: "git", "yaml" */
    });
    function allowed(resolved) { return asked ? resolved : self.withoutEditors(resolved); }
    var groups = [], cut = null, quality = 0, sure = true;
    list.forEach(function (word, n) {
      var resolved = allowed(each[n]);
      if (!cut && resolved.length === 1 && word.length >= 10) {
        var splits = self.splits(word).slice(0, 3).map(allowed)
          .filter(function (split) { return split.length === 2; });
        if (splits.length) cut = { at: groups.length, splits: splits };
      }
      /* The words of the editors' pages alone do not make a query look like this language. */
      var match = common[n].length ? Math.min.apply(null, common[n].map(best)) : 0;
      quality += match;
      sure = sure && match >= 0.9;
      resolved.forEach(function (g) { groups.push(g); });
    });
    var found = this.ranked(groups, cut, limit, asked);
    /* How well this language's index knows the query: each word's match, 1 for a word the
       handbook uses, 0.9 for the same stem, less for a typo or a prefix, 0 for none. */
    found.fit = list.length ? quality / list.length : 0;
    found.sure = sure;  /* every word as the handbook uses it or by its stem */
    return found;
  };

  function best(group) {
    return Math.max.apply(null, group.map(function (match) { return match[1]; }));
  }

  /* The pages for these groups of terms, best first (throws Need for files not loaded). */
  Engine.prototype.ranked = function (groups, cut, limit, editors) {
    var self = this;
    if (!groups.length) return [];
    var all = groups.concat.apply(groups, cut ? cut.splits : []);
    this.requirePostings(all);
    var pages = this.score(groups, 1);
    (cut ? cut.splits : []).forEach(function (parts) {
      var more = self.score(groups.slice(0, cut.at).concat(parts, groups.slice(cut.at + 1)), 0.8);
      Object.keys(more).forEach(function (p) {
        if (!pages[p] || more[p].score > pages[p].score) pages[p] = more[p];
      });
    });
    var hidden = editors ? {} : this.editorPages();
    var best = Object.keys(pages).filter(function (p) { return !hidden[p]; })
      .map(function (p) { return pages[p]; })
      .sort(function (a, b) { return b.score - a.score || a.page - b.page; })
      .slice(0, limit || 10);
    var per = this.root.pagesPerFile, needed = [];
    best.forEach(function (p) {
      var path = self.path("s", Math.floor(p.page / per));
      if (!self.files[path] && needed.indexOf(path) < 0) needed.push(path);
    });
    if (needed.length) throw new Need(needed);
    return best.map(function (p) {
      var info = self.files[self.path("s", Math.floor(p.page / per))].pages[p.page % per];
      var section = info[2][p.best];
      return { url: info[0] + (section[0] ? "#" + section[0] : ""), title: info[1],
        section: section[0] ? section[1] : "", snippet: section[2], score: p.score,
        audience: info[3], lang: self.root.lang };
    });
  };

  /* The editors' pages (how to edit the handbook, its macros, its build) are not for
     residents or staff looking for help: they are left out unless a word of the query, as
     the handbook uses it, by its stem or while typing, is one that asks for them ("makrot",
     "muokkaaminen"), named by the index's root. */
  Engine.prototype.editorPages = function () {
    var pages = {};
    ((this.root.editors || {}).pages || []).forEach(function (n) { pages[n] = true; });
    return pages;
  };

  /* Groups of terms without the terms only the editors' pages use (code, the English of
     commit messages): they neither find pages nor make a query look known. */
  Engine.prototype.withoutEditors = function (groups) {
    var only = this.editorOnly;
    return groups.map(function (group) {
      return group.filter(function (match) { return !only[match[0]]; });
    }).filter(function (group) { return group.length; });
  };

  Engine.prototype.editorsAskedFor = function (groups) {
    var terms = (this.root.editors || {}).terms || [];
    return groups.some(function (group) {
      return group.some(function (match) { return match[1] >= 0.7 && terms.indexOf(match[0]) >= 0; });
    });
  };

  /* "Did you mean": the query with each word the index cannot place replaced by the nearest
     word the index has (a term or a form the handbook uses), from the words files the search
     has loaded already (the word's own and its typo neighbours'), so it costs no fetch. Null
     when every word is known or nothing is near. */
  Engine.prototype.suggest = function (query) {
    var self = this, changed = false;
    var list = words(query).map(function (word) {
      try {
        if (self.resolve(word, false).length) return word;
      } catch (error) {
        if (!(error instanceof Need)) throw error;
        return word;
      }
      var best = null, max = word.length <= 3 ? 1 : word.length <= 5 ? 2 : 3;
      var seen = Object.create(null);
      self.neighbours(word).forEach(function (candidate) {
        var path = self.missing([candidate])[0], prefix = self.prefix(candidate);
        if (path || seen[prefix] || self.numbers[prefix] === undefined) return;
        seen[prefix] = true;
        var file = self.dict(candidate);
        file.list.concat(Object.keys(file.forms)).forEach(function (t) {
          if (t.indexOf("-") >= 0 && word.indexOf("-") < 0) return;
          var d = distance(word, t, max);
          if (d > max) return;
          var rank = [d, Math.abs(t.length - word.length), t];
          if (!best || rank[0] < best[0] || (rank[0] === best[0] && (rank[1] < best[1] ||
              (rank[1] === best[1] && rank[2] < best[2])))) best = rank;
        });
      });
      if (!best) return word;
      changed = true;
      return best[2];
    });
    return changed ? list.join(" ") : null;
  };

  /* Make sure the postings of every term in these groups are loaded (throws Need). */
  Engine.prototype.requirePostings = function (groups) {
    var self = this, needed = [];
    groups.forEach(function (group) {
      group.forEach(function (match) {
        var term = match[0], path = self.path("p", self.chunkOf[term]);
        if (self.postings[term] || self.chunkOf[term] === undefined) return;
        var file = self.files[path];
        if (!file) { if (needed.indexOf(path) < 0) needed.push(path); return; }
        Object.keys(file).forEach(function (t) {
          var flat = file[t], list = [], page = 0;
          for (var i = 0; i < flat.length; i += 3) { page += flat[i]; list.push([page, flat[i + 1], flat[i + 2]]); }
          self.postings[t] = list;
        });
      });
    });
    if (needed.length) throw new Need(needed);
  };

  /* Sections are numbered page × SECTIONS + their number in the page: whole numbers, which
     objects keep in ascending order, so equal scores resolve in page order. */
  var SECTIONS = 4096;

  /* Score sections for groups of terms (each group: its best term's weight), favour sections
     that match every group, and keep each page's best section: {page: {page, score, best}}
     (best: the section's number in its page). */
  Engine.prototype.score = function (groups, factor) {
    var self = this, scores = {}, matched = {};
    groups.forEach(function (group, g) {
      var best = {};
      group.forEach(function (match) {
        (self.postings[match[0]] || []).forEach(function (posting) {
          var doc = posting[0] * SECTIONS + posting[1], score = match[1] * posting[2];
          if (!(best[doc] >= score)) best[doc] = score;
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
      var score = factor * scores[doc] * coverage * coverage;
      var number = Math.floor(doc / SECTIONS), section = doc % SECTIONS;
      var page = pages[number] = pages[number] || { page: number, score: 0, rest: 0, best: null };
      if (score > page.score) { page.rest += page.score; page.score = score; page.best = section; }
      else page.rest += score;
    });
    Object.keys(pages).forEach(function (p) { pages[p].score += 0.1 * pages[p].rest; });
    return pages;
  };

  /* A query in the page's language, and in the other language too when a word of it is not
     a word of the page's language as such or by its stem (the other language's engine comes
     from `other()`, a promise, fetched only then): the language whose index knows the query's
     words better comes first, the page's language on a tie, so that "help with rent" typed on
     a Finnish page finds the English pages and "toimeentulotuesta" on an English page the
     Finnish ones. Each result says its language (`lang`). A promise of the results, or null
     when `wait` gave up. */
  function searchLanguages(engine, other, query, limit, wait) {
    return engine.search(query, limit, wait).then(function (mine) {
      if (!mine || mine.sure || !other) return mine;
      /* Its root too is fetched only once the reader pauses, for the latest query. */
      return Promise.resolve(wait ? wait() : true).then(function (go) {
        return go ? Promise.resolve(other()).then(function (second) {
          return second ? second.search(query, limit, wait) : [];
        }) : null;
      }).then(function (theirs) {
        if (!theirs) return null;
        var first = theirs.fit > mine.fit ? theirs : mine;
        /* The other language's editors' pages: found by words of the first one's language in
           code or commit messages ("accessibility statement" on a Finnish page). */
        var rest = (first === mine ? theirs : mine).filter(function (r) { return r.audience !== "e"; });
        var found = first.concat(rest).slice(0, limit || 10);
        found.fit = first.fit;
        return found;
      });
    });
  }

  /* --- In the page ----------------------------------------------------------------------- */

  /* The search box on a page: `root` is search/<lang>.json as fetched from `url`; the
     fragments it names are fetched from beside it, from the handbook's own server. */
  var PAUSE = 150;  /* ms without typing before fragments are fetched */

  function mount(box, root, url) {
    function get(address, options) {
      return fetch(address, options).then(function (response) {
        if (!response.ok) throw new Error(response.status);
        return response.json();
      });
    }
    function engineFor(data) {
      return new Engine(data, function (path) {
        return get(new URL(path, url).href, { credentials: "same-origin" });
      });
    }
    var engine = engineFor(root), renewed = false, otherEngine = null;
    /* The other language's index (search/en.json beside search/fi.json), fetched the first
       time a query needs it; fetched again, past the cache, after a failure. */
    function other() {
      if (!otherEngine) {
        var address = new URL((root.lang === "en" ? "fi" : "en") + ".json", url).href;
        otherEngine = get(address, { credentials: "same-origin", cache: renewed ? "no-cache" : "default" })
          .then(engineFor);
        otherEngine.catch(function () { otherEngine = null; });
      }
      return otherEngine;
    }
    var input = box.querySelector("input");
    var status = box.querySelector("[role=status]");
    var list = box.querySelector("ol");
    var help = box.querySelector(".hk-search-help");
    var suggestion = box.querySelector(".hk-search-suggestion");
    var base = new URL(box.getAttribute("data-base"), document.baseURI);
    var texts = JSON.parse(box.getAttribute("data-texts"));
    var announce = null, latest = 0;

    /* Results of the latest query only: an earlier one may finish later. */
    function render() {
      var query = input.value.trim(), mine = ++latest, paused = false;
      clearTimeout(announce);  /* an earlier query's count is not news any more */
      if (!query) {
        list.textContent = "";
        noResults(false);
        status.textContent = texts.start;
        return;
      }
      searchLanguages(engine, other, input.value, 10, function () {
        /* Fetch only once the reader pauses, and only for the latest query. */
        if (paused) return mine === latest;
        paused = true;
        return new Promise(function (resolve) {
          setTimeout(function () { resolve(mine === latest); }, PAUSE);
        });
      }).then(function (results) {
        if (mine === latest && results) { renewed = false; show(results, query); }
      }, function () {
        if (mine !== latest) return;
        if (renewed) { list.textContent = ""; status.textContent = texts.failed; return; }
        /* A root kept in the browser's cache may name the fragments of a build since replaced
           by a newer one: fetch the roots again, past the cache, once. */
        renewed = true;
        otherEngine = null;
        get(url, { credentials: "same-origin", cache: "no-cache" }).then(function (data) {
          if (data.folder !== engine.root.folder) engine = engineFor(data);
          render();
        }, render);
      });
    }

    /* With no results: the nearest words the index has ("Tarkoititko …"), and the way on:
       "Mistä saan apua?", sosiaalineuvonta, 112 and the emergency social services. */
    function noResults(none) {
      var better = none ? engine.suggest(input.value) : null;
      if (help) help.hidden = !none;
      if (suggestion) {
        suggestion.textContent = "";
        suggestion.hidden = !better;
        if (better) {
          var button = document.createElement("button");
          button.type = "button";
          button.textContent = better;
          suggestion.append(texts.didYouMean + " ", button, "?");
        }
      }
      return better;
    }
    if (suggestion) {
      suggestion.addEventListener("click", function (event) {
        var button = event.target.closest("button");
        if (!button) return;
        input.value = button.textContent;
        input.focus();
        render();
      });
    }

    /* Each result is a link named by its content, in the order it shows: its title, whom the
       page is for (and its language when not the page's), the section and the snippet. No
       <article> inside the link: chromium named such a link with nothing. */
    function show(results, query) {
      list.textContent = "";
      list.setAttribute("data-hk-query", query);  /* what the list shows (tests wait for it) */
      var better = noResults(!results.length);
      results.forEach(function (result) { list.appendChild(resultItem(result)); });
      /* Say the count once the reader pauses, not at every key. */
      clearTimeout(announce);
      var text = !results.length ? texts.none : results.length === 1 ? texts.one
        : texts.other.replace("#", results.length);
      if (better) text += " " + texts.suggest.replace("#", better);
      announce = setTimeout(function () { status.textContent = text; }, 400);
    }

    function part(tag, className, text, lang) {
      var element = document.createElement(tag);
      if (className) element.className = className;
      element.textContent = text;
      if (lang) element.lang = lang;
      return element;
    }

    function resultItem(result) {
      var item = document.createElement("li");
      item.className = "md-search-result__item";
      var link = document.createElement("a");
      link.className = "md-search-result__link";
      link.href = new URL(result.url, base).href;
      var foreign = result.lang && result.lang !== engine.root.lang ? result.lang : "";
      if (foreign) link.hreflang = foreign;
      var body = document.createElement("div");
      body.className = "md-search-result__article md-typeset";
      var audience = texts[{ s: "staff", e: "editors" }[result.audience] || "residents"];
      if (foreign) audience += " · " + texts[foreign === "en" ? "inEnglish" : "inFinnish"];
      body.appendChild(part("h2", "", result.title, foreign));
      body.appendChild(part("p", "hk-search-audience", audience));
      if (result.section) body.appendChild(part("p", "hk-search-section", result.section, foreign));
      body.appendChild(part("p", "", result.snippet, foreign));
      link.appendChild(body);
      item.appendChild(link);
      return item;
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
    words: words, contentWords: contentWords, languages: LANGUAGES, distance: distance,
    Engine: Engine, Need: Need, searchLanguages: searchLanguages, mount: mount };
  if (typeof module === "object" && module.exports) module.exports = api;
  else root.HandbookSearch = api;
})(this);
